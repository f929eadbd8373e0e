/// What the policy decided for one entry, and why.
public struct Decision: Sendable, Equatable {
    public enum Verdict: String, Sendable, Codable {
        /// Both conditions hold: the entry moves to implicit TLS.
        case convert
        /// Already implicit TLS on the target port.
        case alreadyImplicitTLS = "already-implicit-tls"
        /// Encryption is off: the user's choice, reported as a warning on 25/587.
        case plaintext
        /// Encrypted, but on a port outside the from-set: not ours to move.
        case otherPort = "other-port"
        /// The protocol is not selected (incoming servers without `--protocols`).
        case protocolNotSelected = "protocol-not-selected"
        /// A `--server` filter is set and the host does not match it.
        case hostNotSelected = "host-not-selected"
        /// The entry holds a value the adapter does not understand (`ServerEntry.unknownValue`).
        case unknownValue = "unknown-value"
        /// The rule would convert, but the provider table says the host offers no implicit
        /// TLS on 465 (README, "Before you convert").
        case providerWithoutImplicitTLS = "provider-no-implicit-tls"
        /// The rule would convert, but `--probe` did not find SMTP over implicit TLS there.
        case probeFailed = "probe-failed"
    }

    public var entry: ServerEntry
    public var verdict: Verdict
    /// Set exactly when `verdict == .convert`.
    public var target: Endpoint?
    public var warnings: [String]
    /// The provider table's finding for an SMTP entry (nil with the table off, or for
    /// incoming protocols). Set by `SafetyCheck`.
    public var provider: ProviderFinding?
    /// What `--probe` found for the entry's host on the target port. Set by `SafetyCheck`.
    public var probe: ProbeResult?

    public var isConversion: Bool { verdict == .convert }
}
