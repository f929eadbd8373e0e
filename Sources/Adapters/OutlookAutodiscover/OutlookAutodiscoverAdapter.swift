import MailTLSCore
import MailTLSXML

/// Outlook Autodiscover "POX" responses (`Autodiscover` 2006 > `Response` 2006a > `Account` >
/// `Protocol`). Elements are matched by local name, so any namespace prefix works.
///
/// - One entry per `Protocol` whose `Type` is SMTP, IMAP or POP3 (case-insensitive); other
///   types (EXCH, EXPR, WEB) carry no mail server settings of ours.
/// - Port: `Port` (decimal), else 25 for SMTP, 143 for IMAP, 110 for POP3.
/// - Security: `Encryption` overrides `SSL` when present: `None` -> none, `TLS` -> starttls,
///   `Auto` -> auto, `SSL` -> tls on the implicit-TLS port (465/993/995), starttls elsewhere
///   (rules §1: an SSL choice on 25/587 is reported as starttls). Else `SSL` (`on`, or absent)
///   -> `Security.fromSSLFlag`, `off` -> none. Any other value (`1`, `true`, `TLS` in `SSL`;
///   an unknown `Encryption`) is not guessed at: that entry is left as is with a warning
///   quoting the value, and the rest of the file goes on (rules §7).
/// - Converting: `Port` set to the target (inserted after `Encryption`, else `SSL`, else
///   `Server`, else `Type` when absent), `SSL` set to `on` and `Encryption` to `SSL` where
///   those elements exist. `Encryption` `TLS` is never written.
public struct OutlookAutodiscoverAdapter: Adapter {
    public init() {}

    public var name: String { "outlook-autodiscover" }
    public var summary: String { "Outlook Autodiscover POX response (autodiscover.xml, 2006/2006a)" }
    public var filePatterns: [String] { ["autodiscover.xml"] }

    public func detect(_ file: InputFile) -> Detection {
        XMLSniffer.detect(file, root: "Autodiscover", filePatterns: filePatterns)
    }

    public struct Document: ScannedDocument {
        public var entries: [ServerEntry]
        public var secretRanges: [Range<Int>]
        public var textEncoding: TextEncoding? { xml.encoding }
        let xml: XMLDocument
        /// The `Protocol` element behind each entry.
        let protocols: [XMLElement]
    }

    public func scan(_ file: InputFile) throws(InputError) -> Document {
        let xml = try XMLDocument(parsing: file.bytes, root: "Autodiscover")
        var entries: [ServerEntry] = []
        var protocols: [XMLElement] = []
        var secrets: [Range<Int>] = []
        for response in xml.root.children("Response") {
            let displayName = response.child("User")?.child("DisplayName")?.value
            for account in response.children("Account") {
                for element in account.children("Protocol") {
                    secrets += element.children("Password").map(\.valueRange).filter { !$0.isEmpty }
                    guard let type = element.child("Type")?.value,
                        let proto = MailProtocol(rawValue: type.lowercased())
                    else { continue }
                    entries.append(try entry(element, proto, account: displayName ?? type))
                    protocols.append(element)
                }
            }
        }
        return Document(entries: entries, secretRanges: secrets, xml: xml, protocols: protocols)
    }

    private func entry(_ element: XMLElement, _ proto: MailProtocol, account: String) throws(InputError) -> ServerEntry {
        let portElement = element.child("Port")
        let port = try portElement.map { e throws(InputError) in try Self.port(e) } ?? proto.cleartextPort
        let encryption = element.child("Encryption")
        let ssl = element.child("SSL")
        var security = Security.none
        var unknown: String?
        if let encryption {
            switch encryption.value.lowercased() {
            case "none": security = .none
            case "ssl": security = port == proto.implicitTLSPort ? .tls : .starttls
            case "tls": security = .starttls
            case "auto": security = .auto
            default: unknown = "line \(encryption.line): Encryption '\(encryption.value)' is not None, SSL, TLS or Auto"
            }
        } else {
            switch ssl?.value.lowercased() ?? "on" {
            case "on": security = Security.fromSSLFlag(true, port: port, protocol: proto)
            case "off": security = .none
            default: unknown = "line \(ssl?.line ?? element.line): SSL '\(ssl?.value ?? "")' is not on or off"
            }
        }
        var details: [ServerEntry.Detail] = []
        if let login = element.child("LoginName")?.value, !login.isEmpty { details.append(.init("login", login)) }
        if let ssl { details.append(.init("ssl", ssl.value)) }
        if let encryption { details.append(.init("encryption", encryption.value)) }
        return ServerEntry(
            account: account, proto: proto, host: element.child("Server")?.value, port: port,
            portLocation: portElement?.valueRange, security: security,
            securityLocation: (encryption ?? ssl)?.valueRange, details: details, unknownValue: unknown)
    }

    public func edits(for conversions: [Conversion], in document: Document) throws(InputError) -> [ByteEdit] {
        var edits: [ByteEdit] = []
        for conversion in conversions {
            let element = document.protocols[conversion.index]
            let port = String(conversion.target.port)
            if let existing = element.child("Port") {
                if existing.value != port { edits.append(document.xml.replacingValue(of: existing, with: port)) }
            } else {
                guard let anchor = element.child("Encryption") ?? element.child("SSL") ?? element.child("Server") ?? element.child("Type") else {
                    throw InputError(.invalidValue, "line \(element.line): Protocol without Type")
                }
                edits.append(document.xml.inserting("Port", value: port, after: anchor))
            }
            if let ssl = element.child("SSL"), ssl.value != "on" {
                edits.append(document.xml.replacingValue(of: ssl, with: "on"))
            }
            if let encryption = element.child("Encryption"), encryption.value != "SSL" {
                edits.append(document.xml.replacingValue(of: encryption, with: "SSL"))
            }
        }
        return edits
    }

    /// A decimal port, 1...65535.
    static func port(_ element: XMLElement) throws(InputError) -> Int {
        guard element.value.allSatisfy(\.isASCII), let value = Int(element.value), (1...65535).contains(value) else {
            throw InputError(.invalidValue, "line \(element.line): Port '\(element.value)' is not a port number")
        }
        return value
    }
}

public enum OutlookAutodiscoverModule: AdapterModule {
    public static func adapters(environment: AdapterEnvironment) throws(InputError) -> [any Adapter] {
        [OutlookAutodiscoverAdapter()]
    }
}
