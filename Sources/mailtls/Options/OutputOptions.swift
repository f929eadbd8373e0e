import ArgumentParser
import MailTLS

/// How results are shown (shared by `convert` and `check`).
struct ReportOptions: ParsableArguments {
    @Flag(name: .customLong("diff"), help: "Show a diff of each change (passwords masked).")
    var diff = false

    @Flag(name: .customLong("json"), help: "Print one JSON object per input file on standard output.")
    var json = false

    @Flag(name: [.short, .long], help: "Print only errors (warnings are still counted, and kept in --json records).")
    var quiet = false
}

/// Where converted files go.
struct OutputOptions: ParsableArguments {
    @Option(name: [.short, .long], help: ArgumentHelp("Write the converted file to PATH ('-' = standard output); one input only.", valueName: "path"), completion: .file())
    var output: String?

    @Option(name: .customLong("output-dir"), help: ArgumentHelp("Write converted files under DIR, mirroring the input tree.", valueName: "dir"), completion: .directory)
    var outputDir: String?

    @Flag(name: .customLong("in-place"), help: "Replace each input atomically, keeping a backup.")
    var inPlace = false

    @Option(name: .customLong("backup-suffix"), help: "Suffix of the backup kept by --in-place.")
    var backupSuffix: String = ".bak"

    @Flag(name: .customLong("no-backup"), help: "With --in-place, keep no backup.")
    var noBackup = false

    @Option(name: .customLong("suffix"), help: "Suffix added to the name of an output written beside its input.")
    var suffix: String = "-smtps"

    @Flag(name: .customLong("force"), help: "Overwrite existing outputs and backups; edit in place even when the client seems to be running.")
    var force = false

    @Flag(name: .customLong("dry-run"), help: "Report what would change; write nothing.")
    var dryRun = false

    func validate() throws {
        let modes = [output != nil, outputDir != nil, inPlace].filter { $0 }.count
        if modes > 1 { throw ValidationError("use only one of -o/--output, --output-dir and --in-place") }
        if noBackup, !inPlace { throw ValidationError("--no-backup goes with --in-place") }
        if backupSuffix.isEmpty || backupSuffix.contains("/") { throw ValidationError("--backup-suffix must be a non-empty file-name suffix") }
        if suffix.isEmpty || suffix.contains("/") { throw ValidationError("--suffix must be a non-empty file-name suffix") }
        if let output, output != "-", FileIO.isDirectory(output) {
            throw ValidationError("-o \(output): is a folder, use --output-dir")
        }
    }

    var mode: OutputMode {
        if let output { return output == "-" ? .standardOutput : .file(output) }
        if let outputDir { return .directory(outputDir) }
        if inPlace { return .inPlace(backupSuffix: noBackup ? nil : backupSuffix) }
        return .beside(suffix: suffix)
    }

    /// mailtls's own outputs and backups, passed over in folders when their source is beside
    /// them (so a second walk does not convert them again).
    var ownFiles: OwnFiles { OwnFiles(suffix: suffix, backupSuffix: backupSuffix) }
}
