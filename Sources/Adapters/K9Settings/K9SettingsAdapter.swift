import MailTLSCore
import MailTLSXML

/// K-9 Mail / Thunderbird for Android settings exports (`*.k9s`): XML with root
/// `<k9settings format="1" version="N">`, one `<account uuid="...">` per account under
/// `<accounts>`, as written by the app's settings exporter.
///
/// - Each account's `<outgoing-server type="SMTP">` is an SMTP entry; its
///   `<incoming-server type="IMAP|POP3">` an incoming one (converted only with `--protocols`).
///   Other server types (WebDAV, EWS) are not ours.
/// - `<connection-security>`: `NONE`, `STARTTLS_REQUIRED`, `SSL_TLS_REQUIRED`, and in old
///   exports `STARTTLS_OPTIONAL`/`SSL_TLS_OPTIONAL`; every value but `NONE` is encryption on.
///   The app reads the names as written (Kotlin `valueOf`), so any other spelling, or none, is
///   not understood: that server is left as is with a warning quoting the value (rules §7).
/// - `<port>` absent: the protocol's plain port (25, 143, 110); not a number: left as is with
///   a warning.
/// - Converting sets `<port>` to the target (inserted after `<host>` when absent) and
///   `<connection-security>` to `SSL_TLS_REQUIRED`.
/// - `<password>` values (exported only on request) are secrets.
public struct K9SettingsAdapter: Adapter {
    public init() {}

    public var name: String { "k9s" }
    public var summary: String { "K-9 Mail / Thunderbird for Android settings export (.k9s)" }
    public var filePatterns: [String] { ["*.k9s"] }

    public func detect(_ file: InputFile) -> Detection {
        XMLSniffer.detect(file, root: "k9settings", filePatterns: filePatterns)
    }

    public struct Document: ScannedDocument {
        public var entries: [ServerEntry]
        public var secretRanges: [Range<Int>]
        public var textEncoding: TextEncoding? { xml.encoding }
        public var warnings: [String]
        let xml: XMLDocument
        var servers: [Server]
    }

    /// The elements behind one entry.
    struct Server: Sendable {
        var host: XMLElement?
        var port: XMLElement?
        var security: XMLElement
    }

    static let securities: [String: Security] = [
        "NONE": .none, "STARTTLS_REQUIRED": .starttls, "STARTTLS_OPTIONAL": .starttlsOptional,
        "SSL_TLS_REQUIRED": .tls, "SSL_TLS_OPTIONAL": .tls,
    ]
    static let implicitTLS = "SSL_TLS_REQUIRED"

    public func scan(_ file: InputFile) throws(InputError) -> Document {
        let xml = try XMLDocument(parsing: file.bytes, root: "k9settings")
        var document = Document(entries: [], secretRanges: [], warnings: [], xml: xml, servers: [])
        for account in xml.root.children("accounts").flatMap({ $0.children("account") }) {
            let label = account.child("name")?.value ?? account.attribute("uuid") ?? "account"
            for element in account.children {
                let proto: MailProtocol
                switch (element.localName, element.attribute("type")) {
                case ("outgoing-server", "SMTP"): proto = .smtp
                case ("incoming-server", "IMAP"): proto = .imap
                case ("incoming-server", "POP3"): proto = .pop3
                default: continue
                }
                document.secretRanges += element.children("password").map(\.valueRange).filter { !$0.isEmpty }
                switch read(element, proto, account: label) {
                case .success(let (entry, server)):
                    document.entries.append(entry)
                    document.servers.append(server)
                case .failure(let warning):
                    document.warnings.append(warning.message)
                }
            }
        }
        return document
    }

    /// Why a server is left as is: a value the app would not understand.
    struct LeftAsIs: Error {
        var message: String
    }

    private func read(_ element: XMLElement, _ proto: MailProtocol, account: String) -> Result<(ServerEntry, Server), LeftAsIs> {
        let what = "\(account): <\(element.localName) type=\"\(element.attribute("type") ?? "")\">"
        var port = proto.cleartextPort
        let portElement = element.child("port")
        if let portElement {
            guard portElement.value.allSatisfy(\.isASCII), let number = Int(portElement.value), (1...65535).contains(number) else {
                return .failure(LeftAsIs(message: "line \(portElement.line): \(what): port '\(portElement.value)' is not a port number: left as is"))
            }
            port = number
        }
        guard let securityElement = element.child("connection-security") else {
            return .failure(LeftAsIs(message: "line \(element.line): \(what) has no <connection-security>: left as is"))
        }
        guard let security = Self.securities[securityElement.value] else {
            return .failure(LeftAsIs(message: "line \(securityElement.line): \(what): connection-security '\(securityElement.value)' is not known: left as is"))
        }
        var details = [ServerEntry.Detail("connection-security", securityElement.value)]
        if let auth = element.child("authentication-type")?.value { details.append(.init("authentication-type", auth)) }
        let entry = ServerEntry(
            account: account, proto: proto, host: element.child("host")?.value, port: port,
            portLocation: portElement?.valueRange, security: security, securityLocation: securityElement.valueRange,
            details: details)
        return .success((entry, Server(host: element.child("host"), port: portElement, security: securityElement)))
    }

    public func edits(for conversions: [Conversion], in document: Document) throws(InputError) -> [ByteEdit] {
        var edits: [ByteEdit] = []
        for conversion in conversions {
            let server = document.servers[conversion.index]
            let port = String(conversion.target.port)
            if let portElement = server.port {
                if portElement.value != port { edits.append(document.xml.replacingValue(of: portElement, with: port)) }
            } else {
                edits.append(document.xml.inserting("port", value: port, after: server.host ?? server.security))
            }
            if server.security.value != Self.implicitTLS {
                edits.append(document.xml.replacingValue(of: server.security, with: Self.implicitTLS))
            }
        }
        return edits
    }
}

public enum K9SettingsModule: AdapterModule {
    public static func adapters(environment: AdapterEnvironment) throws(InputError) -> [any Adapter] {
        [K9SettingsAdapter()]
    }
}
