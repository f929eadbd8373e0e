import MailTLSCore

/// A scanned prefs.js / user.js: its server entries, and what the editor needs to change them.
public struct PrefsDocument: ScannedDocument {
    public let entries: [ServerEntry]
    public let secretRanges: [Range<Int>]
    public var textEncoding: TextEncoding? { file.encoding }

    let file: TextFile
    /// One plan per entry, same order.
    let plans: [ServerPlan]
    /// Scalar ranges that an inserted line must not split: every statement and every block
    /// comment (either may run over several lines).
    let unsplittable: [Range<Int>]

    /// Reads `bytes`. Any syntax error rejects the file: Thunderbird would drop the broken
    /// statement and keep going, but a converter must not rewrite a file it cannot fully read.
    static func read(_ bytes: [UInt8]) throws(InputError) -> PrefsDocument {
        let file = try TextFile(bytes: bytes)
        let parsed = PrefParser.parse(file.scalars)
        if let first = parsed.errors.first {
            let more = parsed.errors.count - 1
            let suffix = more > 0 ? " (and \(more) more syntax error\(more == 1 ? "" : "s"))" : ""
            throw InputError.syntax(line: first.line, first.message + suffix)
        }
        let table = PrefTable(parsed.statements)
        let servers = try SMTPServerReader.read(table, in: file) + IncomingServerReader.read(table, in: file)
        // Prefs.js does not normally hold passwords, but hand-written files and add-ons may.
        let secrets = parsed.statements.filter { ByteSearch.contains($0.name, ignoringCase: "password") }
            .map { file.byteRange($0.valueToken.range) }
        let statementSpans = parsed.statements.map { $0.specToken.range.lowerBound..<$0.endToken.range.upperBound }
        return PrefsDocument(
            entries: servers.map(\.0), secretRanges: secrets, file: file, plans: servers.map(\.1),
            unsplittable: (statementSpans + parsed.blockComments).sorted { $0.lowerBound < $1.lowerBound })
    }
}
