import MailTLS

/// The hosts a dry pass over the inputs would convert: what `--probe` probes before the real
/// pass (see `SafetyOptions.check`).
enum ProbePrefetch {
    static func targets(_ walker: InputWalker, processor: FileProcessor, jobs: Int) -> [ProbeTarget] {
        var targets = Set<ProbeTarget>()
        OrderedParallelRunner<InputWalker.Event, [ProbeTarget]>(jobs: jobs).run(walker, work: { event in
            guard case .file(let task) = event else { return [] }
            return processor.process(task).decisions.compactMap(SafetyCheck.probeTarget)
        }, deliver: { targets.formUnion($0) })
        return targets.sorted { ($0.host, $0.port) < ($1.host, $1.port) }
    }
}

extension InspectCommand {
    /// How `inspect` words the provider table's and the probe's findings for one entry.
    static func safetyText(_ entry: EntryReport) -> String {
        var parts: [String] = []
        if let provider = entry.provider {
            parts.append("provider \(provider.verdict.rawValue)" + (provider.provider.map { " (\($0))" } ?? ""))
        }
        if let probe = entry.probe { parts.append("probe \(probe.verdict.rawValue)") }
        return parts.isEmpty ? "" : " | " + parts.joined(separator: ", ")
    }
}
