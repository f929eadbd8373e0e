/// What `new-adapter` was asked to create, validated: the module name, the adapter's
/// `--format` name and the file pattern. Nothing here touches the disk.
struct ScaffoldRequest {
    /// UpperCamel module name, e.g. `Becky`: `Sources/Adapters/Becky/`, `BeckyAdapter`.
    let moduleName: String
    /// kebab-case adapter name, e.g. `becky`: `--format becky`, `Tests/Fixtures/becky/`.
    let adapterName: String
    /// The extension without dot, e.g. `ini`; the pattern is `*.ini`.
    let fileExtension: String

    var filePattern: String { "*.\(fileExtension)" }

    init(name: String?, fileExtension: String?, adapterName: String?) throws(ScaffoldError) {
        guard let name, !name.isEmpty else { throw .usage("--name is required (UpperCamelCase, e.g. --name Becky)") }
        guard let first = name.unicodeScalars.first, Self.isUppercaseLetter(first),
            name.unicodeScalars.allSatisfy({ Self.isLetter($0) || Self.isDigit($0) })
        else {
            throw .usage("--name \(name): use ASCII letters and digits, starting with an uppercase letter (e.g. Becky, ClawsMail)")
        }
        guard let fileExtension, !fileExtension.isEmpty else { throw .usage("--extension is required (e.g. --extension ini)") }
        // Accept `ini`, `.ini` and `*.ini` alike.
        var ext = Substring(fileExtension)
        if ext.hasPrefix("*") { ext = ext.dropFirst() }
        if ext.hasPrefix(".") { ext = ext.dropFirst() }
        guard !ext.isEmpty, ext.unicodeScalars.allSatisfy({ Self.isLetter($0) || Self.isDigit($0) || $0 == "-" || $0 == "_" || $0 == "." })
        else { throw .usage("--extension \(fileExtension): use letters, digits, '-', '_' or '.' (e.g. ini, conf)") }
        let adapter = adapterName ?? Self.kebabCase(name)
        guard let lead = adapter.unicodeScalars.first, Self.isLowercaseLetter(lead), !adapter.hasSuffix("-"), !adapter.contains("--"),
            adapter.unicodeScalars.allSatisfy({ Self.isLowercaseLetter($0) || Self.isDigit($0) || $0 == "-" })
        else {
            throw .usage("--adapter-name \(adapter): use lowercase letters, digits and single hyphens, starting with a letter (e.g. claws-mail)")
        }
        self.moduleName = name
        self.adapterName = adapter
        self.fileExtension = String(ext)
    }

    /// `OutlookPRF` -> `outlook-prf`, `ClawsMail3` -> `claws-mail3`, `SSMTP` -> `ssmtp`: a
    /// hyphen where a lowercase letter or digit meets an uppercase one, and before the last
    /// capital of an acronym that a lowercase word follows (`PRFFile` -> `prf-file`).
    static func kebabCase(_ name: String) -> String {
        let scalars = Array(name.unicodeScalars)
        var result = ""
        for (index, scalar) in scalars.enumerated() {
            if index > 0, isUppercaseLetter(scalar) {
                let previous = scalars[index - 1]
                let nextIsLower = index + 1 < scalars.count && isLowercaseLetter(scalars[index + 1])
                if !isUppercaseLetter(previous) || nextIsLower { result += "-" }
            }
            result += String(scalar).lowercased()
        }
        return result
    }

    static func isUppercaseLetter(_ s: Unicode.Scalar) -> Bool { ("A"..."Z").contains(s) }
    static func isLowercaseLetter(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) }
    static func isLetter(_ s: Unicode.Scalar) -> Bool { isUppercaseLetter(s) || isLowercaseLetter(s) }
    static func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) }
}

/// Why `new-adapter` stopped before writing anything. SwiftPM prints the description.
enum ScaffoldError: Error, CustomStringConvertible {
    case usage(String)
    case conflict(String)
    case manifest(String)

    var description: String {
        switch self {
        case .usage(let message):
            "\(message)\nusage: swift package --allow-writing-to-package-directory new-adapter --name <UpperCamelName> --extension <ext> [--adapter-name <kebab-name>]"
        case .conflict(let message): message
        case .manifest(let message): "Package.swift: \(message)"
        }
    }
}
