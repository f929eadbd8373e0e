/// Recognises mailtls's own files in a folder, so a second walk over it does not take them as
/// inputs (rules §7, "Own outputs and backups"): an output `NAME<suffix>.EXT` or a backup
/// `NAME<backup-suffix>` only when its source `NAME.EXT` / `NAME` is beside it (a lone
/// `office-smtps.msmtprc` is somebody's settings file, not ours), and temporary files
/// `.NAME.mailtls-XXXXXX`, which a killed run cannot remove.
public struct OwnFiles: Sendable, Equatable {
    /// Suffix of an output written beside its input (`--suffix`).
    public var suffix: String
    /// Suffix of an `--in-place` backup (`--backup-suffix`).
    public var backupSuffix: String

    public init(suffix: String = "-smtps", backupSuffix: String = ".bak") {
        self.suffix = suffix
        self.backupSuffix = backupSuffix
    }

    /// Recognises nothing: every file is an input.
    public static let none = OwnFiles(suffix: "", backupSuffix: "")

    /// Why `name` is passed over (`own-output` or `backup`, the JSON `reason`), given the
    /// entries of its folder (`siblings` says whether one exists); nil for an input.
    public func reason(for name: String, siblings: (String) -> Bool) -> String? {
        if !suffix.isEmpty, sourceOfOutput(name).contains(where: siblings) { return "own-output" }
        if !backupSuffix.isEmpty, name.count > backupSuffix.count, name.hasSuffix(backupSuffix),
            siblings(String(name.dropLast(backupSuffix.count)))
        {
            return "backup"
        }
        return nil
    }

    /// A half-written output of a run that was killed; never an input, never reported.
    public static func isTemporary(_ name: String) -> Bool {
        name.hasPrefix(".") && name.contains(".mailtls-")
    }

    /// The names whose beside-output would be `name`: the inverse of `OutputPaths.beside`,
    /// checked against it so both always agree.
    private func sourceOfOutput(_ name: String) -> [String] {
        var candidates: [String] = []
        if name.hasSuffix(suffix) { candidates.append(String(name.dropLast(suffix.count))) }
        if let dot = name.lastIndex(of: "."), dot != name.startIndex, name[..<dot].hasSuffix(suffix) {
            candidates.append(String(name[..<dot].dropLast(suffix.count)) + name[dot...])
        }
        return candidates.filter { !$0.isEmpty && $0 != name && OutputPaths.beside($0, suffix: suffix) == name }
    }
}
