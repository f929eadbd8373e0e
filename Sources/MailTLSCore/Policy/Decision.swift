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
    }

    public var entry: ServerEntry
    public var verdict: Verdict
    /// Set exactly when `verdict == .convert`.
    public var target: Endpoint?
    public var warnings: [String]

    public var isConversion: Bool { verdict == .convert }
}
