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
///   values (`STARTSSL`): Thunderbird drops that one server and uses the others, so the entry
///   is left as is with a warning quoting the value, and the rest of the file goes on.
/// - Converting sets that `socketType` to `SSL` and `port` to the target. Each server is
///   judged on its own (rules §5), but a converted server that would then equal another
///   server of its `emailProvider` (same kind, hostname ignoring case, port, socketType,
///   authentication and username, neither holding a password) is removed instead, whole
///   lines and all: ISPDB files often list SSL/465 and STARTTLS/587 for one host, and
///   converting the second would list one server twice (rules §7). The kept one is an
///   unconverted twin, else the first converted one; the other servers keep their order.
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
        /// The whole `incomingServer`/`outgoingServer` element.
        var element: XMLElement
        /// Which `emailProvider` of the file holds it.
        var provider: Int
        var port: XMLElement
        /// The `socketType` that decides the security, if any.
        var socketType: XMLElement?
    }

    /// What makes two servers of one provider the same, compared after conversion.
    struct Twin: Equatable {
        var provider: Int
        var kind: String
        var host: String?
        var port: Int
        var security: Security
        var authentication: [String]
        var username: String?
        var password: String?
    }

    static let socketTypes: [String: Security] = ["plain": .none, "starttls": .starttls, "ssl": .tls]

    public func scan(_ file: InputFile) throws(InputError) -> Document {
        let xml = try XMLDocument(parsing: file.bytes, root: "clientConfig")
        var entries: [ServerEntry] = []
        var servers: [Server] = []
        var secrets: [Range<Int>] = []
        for (providerIndex, provider) in xml.root.children("emailProvider").enumerated() {
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
                let (entry, server) = try read(element, proto, account: account, provider: providerIndex)
                entries.append(entry)
                servers.append(server)
            }
        }
        return Document(entries: entries, secretRanges: secrets, xml: xml, servers: servers)
    }

    private func read(_ element: XMLElement, _ proto: MailProtocol, account: String, provider: Int) throws(InputError) -> (ServerEntry, Server) {
        let what = "<\(element.localName) type=\"\(element.attribute("type") ?? "")\">"
        guard let portElement = element.child("port") else {
            throw InputError(.invalidValue, "line \(element.line): \(what) has no <port>")
        }
        guard portElement.value.allSatisfy(\.isASCII), let port = Int(portElement.value), (1...65535).contains(port) else {
            throw InputError(.invalidValue, "line \(portElement.line): port '\(portElement.value)' is not a port number")
        }
        let socketElements = element.children("socketType")
        let chosen = socketElements.first { Self.socketTypes[$0.value.lowercased()] != nil }
        let unknown = chosen == nil ? socketElements.first : nil
        let security = chosen.flatMap { Self.socketTypes[$0.value.lowercased()] } ?? .none
        var details: [ServerEntry.Detail] = []
        if let auth = element.child("authentication")?.value { details.append(.init("authentication", auth)) }
        if let user = element.child("username")?.value { details.append(.init("username", user)) }
        let entry = ServerEntry(
            account: account, proto: proto, host: element.child("hostname")?.value, port: port,
            portLocation: portElement.valueRange, security: security, securityLocation: (chosen ?? unknown)?.valueRange,
            details: details,
            unknownValue: unknown.map { "line \($0.line): socketType '\($0.value)' is not plain, STARTTLS or SSL" })
        return (entry, Server(element: element, provider: provider, port: portElement, socketType: chosen))
    }

    public func removals(for conversions: [Conversion], in document: Document) -> [Removal] {
        let targets = Dictionary(conversions.map { ($0.index, $0.target) }, uniquingKeysWith: { first, _ in first })
        func twin(_ index: Int) -> Twin? {
            let entry = document.entries[index], server = document.servers[index]
            guard entry.unknownValue == nil else { return nil }
            let endpoint = targets[index] ?? Endpoint(port: entry.port, security: entry.security)
            return Twin(
                provider: server.provider, kind: "\(server.element.localName) \(entry.proto.rawValue)",
                host: entry.host?.lowercased(), port: endpoint.port, security: endpoint.security,
                authentication: server.element.children("authentication").map(\.value),
                username: server.element.child("username")?.value, password: server.element.child("password")?.value)
        }
        // Unconverted servers stay whatever happens; a converted one stays unless a twin stays.
        var kept = document.entries.indices.filter { targets[$0] == nil }.compactMap { index in twin(index).map { (index, $0) } }
        var removals: [Removal] = []
        for index in targets.keys.sorted() {
            // A server holding a password is never removed: its bytes would be gone.
            guard let converted = twin(index), converted.password?.isEmpty ?? true else { continue }
            if let match = kept.first(where: { $0.1 == converted }) {
                removals.append(Removal(index: index, twin: match.0))
            } else {
                kept.append((index, converted))
            }
        }
        return removals
    }

    public func edits(for conversions: [Conversion], in document: Document) throws(InputError) -> [ByteEdit] {
        var edits: [ByteEdit] = []
        let removed = Set(removals(for: conversions, in: document).map(\.index))
        for conversion in conversions {
            let server = document.servers[conversion.index]
            if removed.contains(conversion.index) {
                edits.append(document.xml.removing(server.element))
                continue
            }
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
