import MailTLSCore

/// A scanned prefs.js / user.js: its server entries, and what the editor needs to change them.
public struct PrefsDocument: ScannedDocument {
    public let entries: [ServerEntry]
    public let secretRanges: [Range<Int>]
    public var textEncoding: TextEncoding? { text.encoding }

    let text: PrefText
    /// One plan per entry, same order.
    let plans: [ServerPlan]
    /// Every statement and every block comment, in file order: an inserted line must not
    /// split one (either may run over several lines).
    let statements: [PrefStatement]
    let blockComments: [Range<Int>]

    /// Reads `bytes`, whose encoding `TextEncoding.detect` found to be `encoding`. Any syntax
    /// error rejects the file: Thunderbird would drop the broken statement and keep going, but
    /// a converter must not rewrite a file it cannot fully read.
    static func read(_ bytes: [UInt8], encoding: TextEncoding) throws(InputError) -> PrefsDocument {
        let parsed = PrefParser.parse(try PrefText(bytes, encoding: encoding))
        if let first = parsed.errors.first {
            let more = parsed.errors.count - 1
            let suffix = more > 0 ? " (and \(more) more syntax error\(more == 1 ? "" : "s"))" : ""
            throw InputError.syntax(line: first.line, first.message + suffix)
        }
        let table = PrefTable(parsed.text, parsed.statements)
        let text = table.text
        let servers = try SMTPServerReader.read(table) + IncomingServerReader.read(table)
        // Prefs.js does not normally hold passwords, but hand-written files and add-ons may.
        let secrets = parsed.statements.filter { text.contains($0.name, ignoringCase: "password") }
            .map { text.fileRange($0.valueToken) }
        return PrefsDocument(
            entries: servers.map(\.0), secretRanges: secrets, text: text, plans: servers.map(\.1),
            statements: parsed.statements, blockComments: parsed.blockComments)
    }
}
