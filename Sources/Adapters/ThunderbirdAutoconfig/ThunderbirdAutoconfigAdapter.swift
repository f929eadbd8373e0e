import MailTLSCore
import MailTLSXML

/// Thunderbird autoconfig files (`<clientConfig version="1.1">`, ISPDB / config-v1.1.xml).
///
/// - One entry per `outgoingServer type="smtp"` and per `incomingServer type="imap|pop3"` of
///   every `emailProvider`, in file order. Other server types are not ours (Thunderbird rejects
///   non-smtp outgoing types; nntp/exchange incoming types have no RFC 8314 port pair here).
/// - `port` is required (a missing or non-numeric port is invalid input: Thunderbird would
///   not use the entry either). Placeholders such as `%EMAILDOMAIN%` in `hostname` are kept.
/// - Security: the first `socketType` whose value Thunderbird knows (`plain`, `STARTTLS`,
///   `SSL`, read case-insensitively): none, starttls, tls. No `socketType`: none. Only unknown
///   values: invalid.
/// - Converting sets that `socketType` to `SSL` and `port` to the target. Each server is
///   judged on its own (rules §5): a STARTTLS/587 entry is converted even when an SSL/465
///   entry for the same host is already listed, so the file may then list two equal SSL/465
///   entries. That is harmless: order still says preference, and Thunderbird treats the
///   second as an alternative.
/// - `password` values are secrets.
public struct ThunderbirdAutoconfigAdapter: Adapter {
    public init() {}

    public var name: String { "thunderbird-autoconfig" }
    public var summary: String { "Thunderbird autoconfig / ISPDB file (clientConfig 1.1 XML)" }
    public var filePatterns: [String] { ["config-v1.1.xml"] }

    public func detect(_ file: InputFile) -> Detection {
        XMLSniffer.detect(file, root: "clientConfig", filePatterns: filePatterns)
    }

    public struct Document: ScannedDocument {
        public var entries: [ServerEntry]
        public var secretRanges: [Range<Int>]
        public var textEncoding: TextEncoding? { xml.encoding }
        let xml: XMLDocument
        let servers: [Server]
    }

    /// The elements behind one entry.
    struct Server: Sendable {
        var port: XMLElement
        /// The `socketType` that decides the security, if any.
        var socketType: XMLElement?
    }

    static let socketTypes: [String: Security] = ["plain": .none, "starttls": .starttls, "ssl": .tls]

    public func scan(_ file: InputFile) throws(InputError) -> Document {
        let xml = try XMLDocument(parsing: file.bytes, root: "clientConfig")
        var entries: [ServerEntry] = []
        var servers: [Server] = []
        var secrets: [Range<Int>] = []
        for provider in xml.root.children("emailProvider") {
            let account = provider.attribute("id") ?? provider.child("displayName")?.value ?? "emailProvider"
            for element in provider.children where element.localName == "incomingServer" || element.localName == "outgoingServer" {
                secrets += element.children("password").map(\.valueRange).filter { !$0.isEmpty }
                let type = element.attribute("type") ?? ""
                let proto: MailProtocol
                switch (element.localName, type) {
                case ("outgoingServer", "smtp"): proto = .smtp
                case ("incomingServer", "imap"): proto = .imap
                case ("incomingServer", "pop3"): proto = .pop3
                default: continue
                }
                let (entry, server) = try read(element, proto, account: account)
                entries.append(entry)
                servers.append(server)
            }
        }
        return Document(entries: entries, secretRanges: secrets, xml: xml, servers: servers)
    }

    private func read(_ element: XMLElement, _ proto: MailProtocol, account: String) throws(InputError) -> (ServerEntry, Server) {
        let what = "<\(element.localName) type=\"\(element.attribute("type") ?? "")\">"
        guard let portElement = element.child("port") else {
            throw InputError(.invalidValue, "line \(element.line): \(what) has no <port>")
        }
        guard portElement.value.allSatisfy(\.isASCII), let port = Int(portElement.value), (1...65535).contains(port) else {
            throw InputError(.invalidValue, "line \(portElement.line): port '\(portElement.value)' is not a port number")
        }
        let socketElements = element.children("socketType")
        let chosen = socketElements.first { Self.socketTypes[$0.value.lowercased()] != nil }
        if chosen == nil, let first = socketElements.first {
            throw InputError(.invalidValue, "line \(first.line): socketType '\(first.value)' is not plain, STARTTLS or SSL")
        }
        let security = chosen.flatMap { Self.socketTypes[$0.value.lowercased()] } ?? .none
        var details: [ServerEntry.Detail] = []
        if let auth = element.child("authentication")?.value { details.append(.init("authentication", auth)) }
        if let user = element.child("username")?.value { details.append(.init("username", user)) }
        let entry = ServerEntry(
            account: account, proto: proto, host: element.child("hostname")?.value, port: port,
            portLocation: portElement.valueRange, security: security, securityLocation: chosen?.valueRange,
            details: details)
        return (entry, Server(port: portElement, socketType: chosen))
    }

    public func edits(for conversions: [Conversion], in document: Document) throws(InputError) -> [ByteEdit] {
        var edits: [ByteEdit] = []
        for conversion in conversions {
            let server = document.servers[conversion.index]
            let port = String(conversion.target.port)
            if server.port.value != port { edits.append(document.xml.replacingValue(of: server.port, with: port)) }
            // No socketType means plaintext, which the policy never converts.
            guard let socketType = server.socketType else {
                throw InputError(.invalidValue, "line \(server.port.line): server without socketType cannot be converted")
            }
            if socketType.value != "SSL" { edits.append(document.xml.replacingValue(of: socketType, with: "SSL")) }
        }
        return edits
    }
}

public enum ThunderbirdAutoconfigModule: AdapterModule {
    public static func adapters(environment: AdapterEnvironment) throws(InputError) -> [any Adapter] {
        [ThunderbirdAutoconfigAdapter()]
    }
}
