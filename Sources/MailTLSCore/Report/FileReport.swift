/// The outcome for one input file, as printed by `--json` (one object per line) and rendered
/// for humans by the CLI. The field names are the documented JSON schema (README).
public struct FileReport: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable {
        case converted
        case unchanged
        /// A dry run (or `check`) found entries to convert.
        case wouldConvert = "would-convert"
        /// Not a file of a known format, found while walking a folder.
        case skipped
        case error
    }

    public struct Change: Sendable, Codable, Equatable {
        public var account: String
        public var `protocol`: MailProtocol
        public var host: String?
        public var from: Endpoint
        public var to: Endpoint
        /// The provider table's finding (SMTP entries, table on).
        public var provider: ProviderFinding?
        /// What `--probe` found on the target port.
        public var probe: ProbeResult?
        /// For a held entry: why it was left (`provider-no-implicit-tls`, `probe-failed`).
        public var reason: Decision.Verdict?

        public init(_ decision: Decision) {
            account = decision.entry.account
            self.protocol = decision.entry.proto
            host = decision.entry.host
            from = Endpoint(port: decision.entry.port, security: decision.entry.security)
            to = decision.target ?? from
            provider = decision.provider
            probe = decision.probe
            reason = decision.isConversion ? nil : decision.verdict
        }
    }

    public struct Failure: Sendable, Codable, Equatable {
        /// Error category: an `InputError.Kind` raw value, `io`, `exists` or `too-large`.
        public var code: String
        public var message: String
        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }

    public var path: String
    public var format: String?
    public var status: Status
    public var output: String?
    public var changes: [Change]
    /// Entries the rule converts but the provider table or the probe left unchanged
    /// (README, "Before you convert"); absent when there are none.
    public var held: [Change]?
    public var warnings: [String]
    public var error: Failure?

    public init(
        path: String, format: String? = nil, status: Status, output: String? = nil, changes: [Change] = [],
        warnings: [String] = [], error: Failure? = nil
    ) {
        self.path = path
        self.format = format
        self.status = status
        self.output = output
        self.changes = changes
        self.warnings = warnings
        self.error = error
    }
}
