/// The conversion rule of conversion-rules.md §1, with the user's options. Knows no client.
public struct ConversionPolicy: Sendable, Equatable {
    /// SMTP ports that move (default 25 and 587).
    public var fromPorts: Set<Int>
    /// The SMTP port they move to (default 465).
    public var toPort: Int
    /// When non-empty, only entries whose host matches one pattern are converted.
    public var serverPatterns: [HostPattern]
    /// Protocols to convert; SMTP only unless asked (`--protocols smtp,imap,pop3`).
    public var protocols: Set<MailProtocol>

    public init(
        fromPorts: Set<Int> = [25, 587], toPort: Int = 465, serverPatterns: [HostPattern] = [],
        protocols: Set<MailProtocol> = [.smtp]
    ) {
        self.fromPorts = fromPorts
        self.toPort = toPort
        self.serverPatterns = serverPatterns
        self.protocols = protocols
    }

    /// The ports an entry of this protocol moves from, and the port it moves to. Incoming
    /// protocols are fixed by RFC 8314: IMAP 143 -> 993, POP3 110 -> 995.
    public func ports(for proto: MailProtocol) -> (from: Set<Int>, to: Int) {
        switch proto {
        case .smtp: (fromPorts, toPort)
        case .imap, .pop3: ([proto.cleartextPort], proto.implicitTLSPort)
        }
    }

    public func decide(_ entry: ServerEntry) -> Decision {
        if !protocols.contains(entry.proto) {
            return Decision(entry: entry, verdict: .protocolNotSelected, target: nil, warnings: [])
        }
        if !serverPatterns.isEmpty, !serverPatterns.contains(where: { $0.matches(entry.host ?? "") }) {
            return Decision(entry: entry, verdict: .hostNotSelected, target: nil, warnings: [])
        }
        if let unknown = entry.unknownValue {
            return Decision(entry: entry, verdict: .unknownValue, target: nil, warnings: ["\(unknown): left as is"])
        }
        let (from, to) = ports(for: entry.proto)
        let onFromPort = from.contains(entry.port)
        var warnings: [String] = []
        if onFromPort, !entry.security.isEncrypted {
            warnings.append("\(entry.proto.rawValue.uppercased()) on port \(entry.port) without encryption: left as is")
        }
        guard entry.security.isEncrypted else {
            return Decision(entry: entry, verdict: .plaintext, target: nil, warnings: warnings)
        }
        guard onFromPort else {
            let verdict: Decision.Verdict =
                entry.port == to && entry.security == .tls ? .alreadyImplicitTLS : .otherPort
            if entry.port == to, entry.security != .tls {
                warnings.append("port \(entry.port) with \(entry.security.rawValue): expected implicit TLS there")
            }
            return Decision(entry: entry, verdict: verdict, target: nil, warnings: warnings)
        }
        if entry.security == .auto {
            warnings.append("encryption was Auto (may fall back to STARTTLS or plaintext): now implicit TLS")
        }
        return Decision(
            entry: entry, verdict: .convert, target: Endpoint(port: to, security: .tls), warnings: warnings)
    }
}

/// A port and security pair: what an entry is converted to.
public struct Endpoint: Sendable, Equatable, Codable {
    public var port: Int
    public var security: Security
    public init(port: Int, security: Security) {
        self.port = port
        self.security = security
    }
}
