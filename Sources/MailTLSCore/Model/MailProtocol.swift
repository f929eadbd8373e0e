/// The protocol a server entry speaks. Outgoing mail is `smtp`; `imap` and `pop3` are the
/// incoming protocols that are converted only on request (RFC 8314).
public enum MailProtocol: String, Sendable, Codable, CaseIterable, Comparable {
    case smtp, imap, pop3

    /// The port where this protocol runs over implicit TLS (RFC 8314 §3.3, RFC 8314 §5.1).
    public var implicitTLSPort: Int {
        switch self {
        case .smtp: 465
        case .imap: 993
        case .pop3: 995
        }
    }

    /// The plaintext/STARTTLS port that moves to `implicitTLSPort` for incoming protocols.
    /// SMTP's from-ports are a policy setting instead (`--from-ports`).
    public var cleartextPort: Int {
        switch self {
        case .smtp: 25
        case .imap: 143
        case .pop3: 110
        }
    }

    public static func < (lhs: MailProtocol, rhs: MailProtocol) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
