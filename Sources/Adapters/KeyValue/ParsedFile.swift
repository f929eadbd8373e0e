import MailTLSCore

/// One `key value` line.
struct Setting: Sendable {
    /// Index of its logical line.
    let line: Int
    /// The key as written, without quotes.
    let key: String
    /// Character range of the key (quotes included) in the line.
    let keyRange: Range<Int>
    /// Nil when the line has no value (msmtp `tls` alone means on).
    let value: WrittenValue?
    let lookupKey: String

    init(line: Int, key: String, keyRange: Range<Int>, value: WrittenValue?) {
        self.line = line
        self.key = key
        self.keyRange = keyRange
        self.value = value
        self.lookupKey = key.lowercased()
    }
}

/// A section: the lines after a header up to the next header. Sections with the same kind and
/// name (a repeated `[sendemail]`, a repeated registry key) are one block, as the clients
/// read them.
struct Block: Sendable {
    let kind: Int
    let role: SectionKind.Role
    let name: String?
    /// How reports name the section when it has no name and no label key (its header).
    let title: String
    /// Logical line indices of its header lines.
    var headers: [Int]
    var settings: [Setting]
    /// Blocks it inherits from, in the order written (msmtp `account x : a, b`).
    let parents: [Int]
    /// For the block of a file-wide account (role `file`): the header line of each group,
    /// by its lower-cased `[group]`, where keys missing from that group are inserted.
    var groups: [String: Int] = [:]

    init(kind: Int, role: SectionKind.Role, name: String?, title: String, headers: [Int], settings: [Setting], parents: [Int]) {
        (self.kind, self.role, self.name, self.title, self.headers, self.settings, self.parents) = (kind, role, name, title, headers, settings, parents)
    }

    /// For a header line with flags (`--port=587 --starttls`): its logical line and the
    /// character index after the last flag, where new flags go.
    var flagsEnd: (line: Int, at: Int)?

    /// The last setting of `lookupKey` in this block (the one that counts).
    func setting(_ lookupKey: String) -> Setting? { settings.last { $0.lookupKey == lookupKey } }
}

/// A key-value file read with a profile: its lines, sections and secret ranges, and notes for
/// the report (git `[include]` paths).
struct ParsedFile: Sendable {
    let text: ByteText
    let lines: [LogicalLine]
    let blocks: [Block]
    let secretRanges: [Range<Int>]
    var notes: [String] = []
}
