/// Adds a module to the `adapters` list near the top of Package.swift, the only place an
/// adapter is named. The list looks like
///
///     let adapters: [(name: String, resources: [String])] = [
///         ("OutlookPRF", []),
///     ]
///
/// The new entry goes in sorted position among the entries; everything else in the manifest
/// stays byte for byte.
struct AdapterListEditor {
    let manifest: String

    /// The module names already listed.
    func listedModules() throws(ScaffoldError) -> [String] {
        let lines = manifest.components(separatedBy: "\n")
        let (open, close) = try listBounds(lines)
        return lines[(open + 1)..<close].compactMap(Self.moduleName)
    }

    /// The manifest with `("<module>", []),` inserted.
    func adding(_ module: String) throws(ScaffoldError) -> String {
        var lines = manifest.components(separatedBy: "\n")
        let (open, close) = try listBounds(lines)
        let entries = (open + 1)..<close
        if lines[entries].compactMap(Self.moduleName).contains(module) {
            throw .conflict("\(module) is already listed in Package.swift's adapters")
        }
        let firstEntry = entries.first { Self.moduleName(lines[$0]) != nil }
        let indentation = firstEntry.map { String(lines[$0].prefix { $0 == " " || $0 == "\t" }) } ?? "    "
        // Before the first entry that sorts after the new one, else just before the closing `]`
        // (not after the last entry's first line: an entry may span lines).
        let position = entries.first { index in
            Self.moduleName(lines[index]).map { $0.lowercased() > module.lowercased() } ?? false
        } ?? close
        lines.insert("\(indentation)(\"\(module)\", []),", at: position)
        return lines.joined(separator: "\n")
    }

    /// Line indices of `let adapters ... = [` and of its closing `]`.
    private func listBounds(_ lines: [String]) throws(ScaffoldError) -> (Int, Int) {
        guard let open = lines.firstIndex(where: { $0.hasPrefix("let adapters:") || $0.hasPrefix("let adapters =") }) else {
            throw .manifest("no `let adapters: [(name: String, resources: [String])] = [` line found; add the module to the adapter list by hand")
        }
        guard lines[open].trimmingSuffixBlanks.hasSuffix("[") else {
            throw .manifest("line \(open + 1): expected the adapter list to open with `[` at the end of the `let adapters` line")
        }
        guard let close = lines[(open + 1)...].firstIndex(where: { $0.trimmingBlanks == "]" }) else {
            throw .manifest("no line holding only `]` closes the adapter list opened on line \(open + 1)")
        }
        return (open, close)
    }

    /// `    ("OutlookPRF", []),` -> `OutlookPRF`; nil for comments and other lines.
    static func moduleName(_ line: String) -> String? {
        let trimmed = line.trimmingBlanks
        guard trimmed.hasPrefix("(\"") else { return nil }
        let rest = trimmed.dropFirst(2)
        guard let quote = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<quote])
    }
}

extension String {
    var trimmingBlanks: String {
        String(drop { $0 == " " || $0 == "\t" }).trimmingSuffixBlanks
    }

    var trimmingSuffixBlanks: String {
        var result = Substring(self)
        while let last = result.last, last == " " || last == "\t" || last == "\r" { result = result.dropLast() }
        return String(result)
    }
}
