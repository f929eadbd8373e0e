/// A host and port to probe for SMTP over implicit TLS.
public struct ProbeTarget: Sendable, Hashable, Codable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// What probing a host found (README, "Before you convert"). Only `ok` lets an entry convert
/// (`certificate-name-mismatch` too when the user accepts it explicitly).
public enum ProbeVerdict: String, Sendable, Codable, CaseIterable {
    /// TLS handshake with a trusted, valid certificate for the host, then an SMTP `220`.
    case ok
    /// The certificate is trusted but not issued for the host (`names` lists its names).
    case certificateNameMismatch = "certificate-name-mismatch"
    /// The certificate chain does not lead to a trusted root.
    case certificateUntrusted = "certificate-untrusted"
    /// The certificate is outside its validity period.
    case certificateExpired = "certificate-expired"
    /// The port answered in plaintext: STARTTLS only.
    case notTLS = "not-tls"
    /// TLS worked but no SMTP `220` greeting came.
    case notSMTP = "not-smtp"
    /// Nothing listens on the port.
    case refused
    /// No answer within the probe's time limit.
    case timeout
    /// The host name does not resolve.
    case unresolved
}

/// The outcome of probing one target, as it appears in reports.
public struct ProbeResult: Sendable, Equatable, Codable {
    public var host: String
    public var port: Int
    public var verdict: ProbeVerdict
    /// The certificate's names (subject alternative names), on a name mismatch.
    public var names: [String]?
    /// What was seen, for the warning ("greeting '* OK IMAP4 ready'", "connection refused").
    public var detail: String?

    public init(_ target: ProbeTarget, _ verdict: ProbeVerdict, names: [String]? = nil, detail: String? = nil) {
        self.host = target.host
        self.port = target.port
        self.verdict = verdict
        self.names = names
        self.detail = detail
    }

    public var target: ProbeTarget { ProbeTarget(host: host, port: port) }

    /// One line for humans: "smtp.example.com:465: certificate-name-mismatch (names: a, b)".
    public var summary: String {
        var text = "\(target): \(verdict.rawValue)"
        if let names { text += " (certificate names: \(names.isEmpty ? "none" : names.joined(separator: ", ")))" }
        if let detail { text += " (\(detail))" }
        return text
    }
}

/// Connects to hosts and reports what it found. The core defines only this interface; the
/// network code lives in its own module (MailTLSProbe) so the core, the adapters and the fuzz
/// package build without a network stack.
public protocol Prober: Sendable {
    /// Probes every target (concurrently, bounded, each within the prober's timeout) and
    /// returns one result per target, in the same order. Blocks until all are done.
    func probe(_ targets: [ProbeTarget]) -> [ProbeResult]
}
