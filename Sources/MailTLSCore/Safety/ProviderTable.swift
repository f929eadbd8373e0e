/// What mailtls knows about providers' SMTP hosts: whether they offer SMTP over implicit TLS on
/// 465 (README, "Before you convert"). Moving an account of a provider that does not (Microsoft 365,
/// Outlook.com, iCloud) to 465 breaks sending, so such entries are left as they are.
///
/// A table is a stack of layers: the built-in file first, then the user's files. A later layer
/// overrides an earlier one, so a user can correct or extend the built-in knowledge; within a
/// layer the first record that matches wins.
public struct ProviderTable: Sendable, Equatable {
    /// One record of a table file: a provider, its host globs, the verdict and its source.
    public struct Record: Sendable, Equatable {
        public var provider: String
        public var hosts: [HostPattern]
        public var implicitTLS: Bool
        public var source: String
        /// Which file the record comes from (`built-in` or a path), for messages.
        public var origin: String

        public init(provider: String, hosts: [HostPattern], implicitTLS: Bool, source: String, origin: String) {
            self.provider = provider
            self.hosts = hosts
            self.implicitTLS = implicitTLS
            self.source = source
            self.origin = origin
        }
    }

    /// Layers, lowest priority first.
    public private(set) var layers: [[Record]]

    public init(layers: [[Record]] = []) {
        self.layers = layers
    }

    /// Adds a layer that overrides every earlier one.
    public mutating func add(_ records: [Record]) {
        layers.append(records)
    }

    /// The record that speaks for `host`, if any.
    public func record(for host: String) -> Record? {
        let name = HostPattern.Subject(host.hasSuffix(".") ? String(host.dropLast()) : host)
        for layer in layers.reversed() {
            if let found = layer.first(where: { $0.hosts.contains { $0.matches(name) } }) { return found }
        }
        return nil
    }

    /// The table's finding for an entry's host (`unknown` when no record matches or there is
    /// no host).
    public func finding(for host: String?) -> ProviderFinding {
        guard let host, let record = record(for: host) else { return ProviderFinding(verdict: .unknown) }
        return ProviderFinding(
            verdict: record.implicitTLS ? .knownYes : .knownNo, provider: record.provider, source: record.source,
            table: record.origin)
    }
}

/// The provider table's verdict on one entry's host, as shown by `inspect`, `--json` and
/// warnings.
public struct ProviderFinding: Sendable, Equatable, Codable {
    public enum Verdict: String, Sendable, Codable {
        /// The provider offers SMTP over implicit TLS on 465.
        case knownYes = "known-yes"
        /// The provider offers no SMTP over implicit TLS on 465: converting would break sending.
        case knownNo = "known-no"
        /// The table has no record for the host.
        case unknown
    }

    public var verdict: Verdict
    public var provider: String?
    public var source: String?
    /// `built-in` or the path of the user's table file.
    public var table: String?

    public init(verdict: Verdict, provider: String? = nil, source: String? = nil, table: String? = nil) {
        self.verdict = verdict
        self.provider = provider
        self.source = source
        self.table = table
    }
}
