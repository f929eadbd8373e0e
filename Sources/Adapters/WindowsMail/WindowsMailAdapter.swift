import MailTLSCore
import MailTLSXML

/// Windows Mail (Vista) and Windows Live Mail account files: `<MessageAccount>` with one
/// child per setting, `<Name type="SZ|DWORD|BINARY">value</Name>`.
///
/// - DWORDs are hex without `0x`, any width, either case; `TRUE`/`FALSE` are accepted in the
///   `*_Secure_Connection` flags. Absent port: 25 / 143 / 110; absent flag: off.
/// - One entry per protocol that has any of `<P>_Server`, `<P>_Port`, `<P>_Secure_Connection`
///   (SMTP, then IMAP, then POP3). A duplicate element: the first one counts.
/// - Security is the boolean flag read by `Security.fromSSLFlag` (implicit TLS only on the
///   protocol's implicit-TLS port).
/// - Converting rewrites `<P>_Port` keeping the digit case and at least the width, or inserts
///   `<P>_Port type="DWORD">` (8 lowercase digits) right after `<P>_Secure_Connection`.
/// - `*_Password2` blobs are secrets.
public struct WindowsMailAdapter: Adapter {
    public init() {}

    public var name: String { "windows-mail" }
    public var summary: String { "Windows Mail / Windows Live Mail account (.oeaccount, XML)" }
    public var filePatterns: [String] { ["*.oeaccount"] }

    public func detect(_ file: InputFile) -> Detection {
        XMLSniffer.detect(file, root: "MessageAccount", filePatterns: filePatterns)
    }

    public struct Document: ScannedDocument {
        public var entries: [ServerEntry]
        public var secretRanges: [Range<Int>]
        public var textEncoding: TextEncoding? { xml.encoding }
        let xml: XMLDocument
        /// The settings behind each entry, same order as `entries`.
        let settings: [ProtocolSettings]
    }

    /// The elements of one protocol in the account.
    struct ProtocolSettings: Sendable {
        var proto: MailProtocol
        var port: XMLElement?
        var secureConnection: XMLElement?

        var prefix: String { Self.prefix(proto) }

        /// The element-name prefix: `SMTP`, `IMAP`, `POP3`.
        static func prefix(_ proto: MailProtocol) -> String { proto.rawValue.uppercased() }
    }

    public func scan(_ file: InputFile) throws(InputError) -> Document {
        let xml = try XMLDocument(parsing: file.bytes, root: "MessageAccount")
        let account = xml.root.child("Account_Name")?.value ?? String(file.fileName)
        var entries: [ServerEntry] = []
        var settings: [ProtocolSettings] = []
        for proto in [MailProtocol.smtp, .imap, .pop3] {
            let prefix = ProtocolSettings.prefix(proto)
            let server = xml.root.child("\(prefix)_Server")
            let port = xml.root.child("\(prefix)_Port")
            let secure = xml.root.child("\(prefix)_Secure_Connection")
            guard server != nil || port != nil || secure != nil else { continue }
            let portNumber = try port.map { element throws(InputError) in try Self.port(element) } ?? proto.cleartextPort
            let encrypted = try secure.map { element throws(InputError) in try Self.flag(element) } ?? false
            var details: [ServerEntry.Detail] = []
            if let user = xml.root.child("\(prefix)_User_Name")?.value, !user.isEmpty { details.append(.init("user", user)) }
            if let secure { details.append(.init("secure-connection", secure.value)) }
            entries.append(ServerEntry(
                account: account, proto: proto, host: server?.value, port: portNumber, portLocation: port?.valueRange,
                security: Security.fromSSLFlag(encrypted, port: portNumber, protocol: proto),
                securityLocation: secure?.valueRange, details: details))
            settings.append(ProtocolSettings(proto: proto, port: port, secureConnection: secure))
        }
        let secrets = xml.root.children
            .filter { $0.localName.hasSuffix("_Password2") }
            .map(\.valueRange).filter { !$0.isEmpty }
        return Document(entries: entries, secretRanges: secrets, xml: xml, settings: settings)
    }

    public func edits(for conversions: [Conversion], in document: Document) throws(InputError) -> [ByteEdit] {
        var edits: [ByteEdit] = []
        for conversion in conversions {
            let setting = document.settings[conversion.index]
            let target = conversion.target.port
            if let port = setting.port {
                let digits = HexNumber.format(target, like: port.value)
                if digits != port.value { edits.append(document.xml.replacingValue(of: port, with: digits)) }
            } else if let secure = setting.secureConnection {
                edits.append(document.xml.inserting(
                    "\(setting.prefix)_Port", attributes: [XMLAttribute(name: "type", value: "DWORD")],
                    value: HexNumber.format(target, like: "00000000"), after: secure))
            } else {
                // Without the flag the entry is not encrypted and never converted.
                throw InputError(.invalidValue, "\(setting.prefix): no \(setting.prefix)_Secure_Connection to place the port after")
            }
        }
        return edits
    }

    /// A DWORD port: hex digits, 1...65535.
    static func port(_ element: XMLElement) throws(InputError) -> Int {
        guard let value = HexNumber.parse(element.value), (1...65535).contains(value) else {
            throw InputError(.invalidValue, "line \(element.line): \(element.localName) '\(element.value)' is not a hex DWORD port")
        }
        return value
    }

    /// A DWORD flag: hex (non-zero = on) or TRUE/FALSE in any case.
    static func flag(_ element: XMLElement) throws(InputError) -> Bool {
        switch element.value.uppercased() {
        case "TRUE": return true
        case "FALSE": return false
        default:
            guard let value = HexNumber.parse(element.value) else {
                throw InputError(.invalidValue, "line \(element.line): \(element.localName) '\(element.value)' is not a DWORD flag")
            }
            return value != 0
        }
    }
}

public enum WindowsMailModule: AdapterModule {
    public static func adapters(environment: AdapterEnvironment) throws(InputError) -> [any Adapter] {
        [WindowsMailAdapter()]
    }
}
