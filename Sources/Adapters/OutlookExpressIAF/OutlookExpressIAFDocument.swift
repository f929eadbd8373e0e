import MailTLSCore

/// A scanned `.iaf` export: its entries, where its passwords are, and where records are appended.
public struct OutlookExpressIAFDocument: ScannedDocument {
    public var entries: [ServerEntry]
    /// The data of every PASS record (obfuscated passwords).
    public var secretRanges: [Range<Int>]
    /// Binary format: no text encoding (strings inside are CP932, decoded per record).
    public var textEncoding: TextEncoding? { nil }
    /// Where an appended record goes: the file has no trailer.
    var fileLength: Int
}
