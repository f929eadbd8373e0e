import MailTLSCore

/// Thunderbird's `prefs.js` and `user.js`: outgoing servers `mail.smtpserver.<key>.*`
/// (`try_ssl`, `port`) and incoming IMAP/POP3 servers `mail.server.<key>.*` (`socketType`,
/// `port`).
public struct ThunderbirdPrefsAdapter: Adapter {
    public typealias Document = PrefsDocument

    public init() {}

    public var name: String { "thunderbird-prefs" }
    public var summary: String { "Thunderbird prefs.js / user.js (mail.smtpserver.*, mail.server.*)" }
    public var filePatterns: [String] { Self.filePatterns }
    private static let filePatterns = ["prefs.js", "user.js"]

    public func detect(_ file: InputFile) -> Detection {
        if PrefsSniffer.looksLikePrefs(file) { return .content }
        return file.nameMatches(filePatterns) ? .nameOnly : .no
    }

    public func scan(_ file: InputFile) throws(InputError) -> PrefsDocument {
        try PrefsDocument.read(file.bytes, encoding: file.encoding)
    }

    public func edits(for conversions: [Conversion], in document: PrefsDocument) throws(InputError) -> [ByteEdit] {
        try PrefsEditor.edits(for: conversions, in: document)
    }

    public func inPlaceHazard(forFileAt path: String) -> String? {
        ProfileLock.hazard(forFileAt: path)
    }
}
