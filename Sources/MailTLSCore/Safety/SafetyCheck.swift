/// The "never break an account" step between the rule and the edits (README, "Before you convert"):
/// an entry the rule converts is held back when the provider table knows its host offers no
/// implicit TLS on the target port, or, under `--probe`, when probing the host did not find
/// SMTP over implicit TLS with a valid certificate. Without a table and a cache it changes
/// nothing, and it never opens a socket itself: probing goes through the `ProbeCache`.
public struct SafetyCheck: Sendable {
    /// The provider table, or nil when the user turned it off for the run.
    public var providers: ProviderTable?
    /// The run's probe results, or nil without `--probe`.
    public var probes: ProbeCache?
    /// Also convert on `certificate-name-mismatch` (a provider's shared certificate, accepted
    /// knowingly), with a warning that lists the certificate's names.
    public var acceptNameMismatch: Bool

    public init(providers: ProviderTable? = nil, probes: ProbeCache? = nil, acceptNameMismatch: Bool = false) {
        self.providers = providers
        self.probes = probes
        self.acceptNameMismatch = acceptNameMismatch
    }

    /// Reviews every decision of one file. The hosts to probe are probed together, so a file
    /// naming several new hosts waits for one round of probes, not one per host.
    public func review(_ decisions: [Decision]) -> [Decision] {
        var reviewed = decisions.map(applyTable)
        guard let probes else { return reviewed }
        let targets = reviewed.compactMap(Self.probeTarget)
        let results = targets.isEmpty ? [:] : probes.results(for: targets)
        for index in reviewed.indices where reviewed[index].verdict == .convert {
            applyProbe(&reviewed[index], results)
        }
        return reviewed
    }

    /// The host and port a converted entry would use, when it can be probed.
    public static func probeTarget(_ decision: Decision) -> ProbeTarget? {
        guard decision.verdict == .convert, let target = decision.target, let host = decision.entry.host, !host.isEmpty else {
            return nil
        }
        return ProbeTarget(host: host, port: target.port)
    }

    private func applyTable(_ decision: Decision) -> Decision {
        guard let providers, decision.entry.proto == .smtp else { return decision }
        var decision = decision
        let finding = providers.finding(for: decision.entry.host)
        decision.provider = finding
        if decision.verdict == .convert, finding.verdict == .knownNo {
            let host = decision.entry.host ?? ""
            decision.verdict = .providerWithoutImplicitTLS
            decision.target = nil
            decision.warnings.append(
                "\(host) (\(finding.provider ?? "?")) offers no SMTP over implicit TLS on 465 "
                    + "(source: \(finding.source ?? "?"); \(finding.table ?? "built-in") provider table): left as is")
        }
        return decision
    }

    private func applyProbe(_ decision: inout Decision, _ results: [ProbeTarget: ProbeResult]) {
        guard let target = Self.probeTarget(decision), let result = results[target] else {
            decision.verdict = .probeFailed
            decision.target = nil
            decision.warnings.append("\(decision.entry.account): no host name to probe: left as is")
            return
        }
        decision.probe = result
        switch result.verdict {
        case .ok:
            return
        case .certificateNameMismatch where acceptNameMismatch:
            decision.warnings.append(
                "probe \(result.summary): converted anyway (--accept-name-mismatch); the client must accept these names")
        default:
            decision.verdict = .probeFailed
            decision.target = nil
            decision.warnings.append("probe \(result.summary): left as is")
        }
    }
}
