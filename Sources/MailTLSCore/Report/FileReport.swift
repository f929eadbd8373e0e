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
        /// Converted, the entry equalled another entry of the file, so it was removed instead
        /// (rules §7, "No duplicates").
        public var removed: Bool
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
            removed = false
            provider = decision.provider
            probe = decision.probe
            reason = decision.isConversion ? nil : decision.verdict
        }

        /// Every key is always written (`"host": null` for an entry without a host), so a
        /// consumer of the JSON sees one shape.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(account, forKey: .account)
            try container.encode(self.protocol, forKey: .protocol)
            if let host { try container.encode(host, forKey: .host) } else { try container.encodeNil(forKey: .host) }
            try container.encode(from, forKey: .from)
            try container.encode(to, forKey: .to)
            try container.encode(removed, forKey: .removed)
            try container.encodeIfPresent(provider, forKey: .provider)
            try container.encodeIfPresent(probe, forKey: .probe)
            try container.encodeIfPresent(reason, forKey: .reason)
        }
    }

    /// An entry left alone because its host matched no `--server` pattern.
    public struct SkippedEntry: Sendable, Codable, Equatable {
        public var account: String
        public var `protocol`: MailProtocol
        public var host: String?
        public var port: Int

        public init(_ decision: Decision) {
            account = decision.entry.account
            self.protocol = decision.entry.proto
            host = decision.entry.host
            port = decision.entry.port
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
    /// Why a file was skipped (own-output, backup, not-settings, empty), nil otherwise.
    public var reason: String?
    public var output: String?
    public var changes: [Change]
    /// Entries the rule converts but the provider table or the probe left unchanged
    /// (README, "Before you convert"); absent when there are none.
    public var held: [Change]?
    public var warnings: [String]
    public var error: Failure?
    /// Entries not converted because their host matched no `--server` pattern; nil when none.
    public var skipped: [SkippedEntry]?

    public init(
        path: String, format: String? = nil, status: Status, reason: String? = nil, output: String? = nil, changes: [Change] = [],
        warnings: [String] = [], error: Failure? = nil
    ) {
        self.path = path
        self.format = format
        self.status = status
        self.reason = reason
        self.output = output
        self.changes = changes
        self.warnings = warnings
        self.error = error
    }
}
