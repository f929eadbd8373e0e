/// Reads a provider table file. The format is line-based so it diffs well and users can write
/// one without tools:
///
///     # comment
///     provider: Microsoft 365 / Exchange Online
///     hosts: smtp.office365.com
///     implicit-tls: no
///     source: where the verdict comes from
///
/// Records are separated by blank lines. `hosts` holds globs (`*`, `?`, case-insensitive)
/// separated by spaces or commas. Every field is required once per record; anything else is an
/// error that names the file and line, so a typo never silently turns the protection off.
public enum ProviderTableParser {
    static let fields = ["provider", "hosts", "implicit-tls", "source"]

    public static func parse(_ bytes: [UInt8], origin: String) throws(InputError) -> [ProviderTable.Record] {
        guard UTF8Bytes.isValid(bytes) else {
            throw InputError(.encoding, "provider table \(origin): not UTF-8")
        }
        var records: [ProviderTable.Record] = []
        var current: [String: String] = [:]
        var startLine = 0

        func finish() throws(InputError) {
            guard !current.isEmpty else { return }
            for field in fields where current[field] == nil {
                throw InputError(.syntax, "provider table \(origin): line \(startLine): record has no '\(field)'")
            }
            let hosts = current["hosts"]!.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map { HostPattern(String($0)) }
            guard !hosts.isEmpty else {
                throw InputError(.syntax, "provider table \(origin): line \(startLine): 'hosts' is empty")
            }
            let implicitTLS: Bool
            switch current["implicit-tls"]!.lowercased() {
            case "yes": implicitTLS = true
            case "no": implicitTLS = false
            case let other:
                throw InputError(.invalidValue, "provider table \(origin): line \(startLine): implicit-tls '\(other)' is not yes or no")
            }
            records.append(ProviderTable.Record(
                provider: current["provider"]!, hosts: hosts, implicitTLS: implicitTLS, source: current["source"]!, origin: origin))
            current = [:]
        }

        // Lines are read as bytes (the table is read at every start): split at LF, so a
        // CRLF file reads like an LF one, and trimmed of spaces, tabs and CR.
        var number = 0
        var lineStart = 0
        while lineStart <= bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            defer { lineStart = lineEnd + 1 }
            number += 1
            let line = trimmed(bytes, lineStart..<lineEnd)
            if line.isEmpty {
                try finish()
                continue
            }
            if bytes[line.lowerBound] == UInt8(ascii: "#") { continue }
            guard let colon = bytes[line].firstIndex(of: UInt8(ascii: ":")) else {
                throw InputError(.syntax, "provider table \(origin): line \(number): expected 'field: value'")
            }
            let key = String(decoding: bytes[trimmed(bytes, line.lowerBound..<colon)], as: UTF8.self).lowercased()
            let value = String(decoding: bytes[trimmed(bytes, (colon + 1)..<line.upperBound)], as: UTF8.self)
            guard fields.contains(key) else {
                throw InputError(.syntax, "provider table \(origin): line \(number): unknown field '\(key)'")
            }
            guard current[key] == nil else {
                throw InputError(.syntax, "provider table \(origin): line \(number): '\(key)' given twice in one record")
            }
            guard !value.isEmpty else {
                throw InputError(.syntax, "provider table \(origin): line \(number): '\(key)' has no value")
            }
            if current.isEmpty { startLine = number }
            current[key] = value
        }
        try finish()
        return records
    }

    /// `range` without the spaces, tabs and CRs at either end.
    private static func trimmed(_ bytes: [UInt8], _ range: Range<Int>) -> Range<Int> {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, isSpace(bytes[lower]) { lower += 1 }
        while upper > lower, isSpace(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }
}
