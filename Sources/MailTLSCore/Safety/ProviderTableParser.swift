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
        guard let text = String(validating: bytes, as: UTF8.self) else {
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

        var number = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty {
                try finish()
                continue
            }
            if line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw InputError(.syntax, "provider table \(origin): line \(number): expected 'field: value'")
            }
            let key = line[..<colon].trimmingWhitespace().lowercased()
            let value = line[line.index(after: colon)...].trimmingWhitespace()
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
}

extension StringProtocol {
    fileprivate func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
