/// How a server entry protects its connection, in the report vocabulary of
/// conversion-rules.md §1. Each adapter maps its own client's values onto these.
public enum Security: String, Sendable, Codable, CaseIterable {
    /// No encryption.
    case none
    /// STARTTLS required (also: a lone "SSL" flag on a non-implicit port, which clients
    /// implement as STARTTLS).
    case starttls
    /// STARTTLS only when the server offers it (Thunderbird's old `try_ssl` 1).
    case starttlsOptional = "starttls-optional"
    /// The client picks (Outlook's "Auto"): may end up in STARTTLS or plaintext.
    case auto
    /// Implicit TLS from the first byte (SMTPS, IMAPS, POP3S).
    case tls

    /// Whether any form of encryption was asked for. This is condition 2 of the rule.
    public var isEncrypted: Bool { self != .none }

    /// The security a boolean "SSL" flag means on a given port: implicit TLS on the protocol's
    /// implicit-TLS port, STARTTLS elsewhere (rules §1: "a single SSL flag on port 25/587 is
    /// reported as starttls").
    public static func fromSSLFlag(_ on: Bool, port: Int, protocol proto: MailProtocol) -> Security {
        guard on else { return .none }
        return port == proto.implicitTLSPort ? .tls : .starttls
    }
}
