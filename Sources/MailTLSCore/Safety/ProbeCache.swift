/// Probes each target at most once per run, however many files name it and however many
/// threads ask at once: the first caller probes, later callers wait for its result.
public final class ProbeCache: @unchecked Sendable {
    private let prober: any Prober
    private let condition = ConditionLock()
    private var results: [ProbeTarget: ProbeResult] = [:]
    private var running: Set<ProbeTarget> = []

    public init(prober: any Prober) {
        self.prober = prober
    }

    /// The result for each target, probing those not probed yet (together, so they run
    /// concurrently) and waiting for those another thread is probing.
    public func results(for targets: [ProbeTarget]) -> [ProbeTarget: ProbeResult] {
        condition.lock()
        var mine: [ProbeTarget] = []
        for target in Set(targets) where results[target] == nil && !running.contains(target) {
            running.insert(target)
            mine.append(target)
        }
        condition.unlock()

        if !mine.isEmpty {
            let found = prober.probe(mine)
            condition.lock()
            for (index, target) in mine.enumerated() {
                // A prober that returns too few results must not leave waiters hanging.
                results[target] = index < found.count ? found[index] : ProbeResult(target, .timeout, detail: "no result")
                running.remove(target)
            }
            condition.broadcast()
            condition.unlock()
        }

        condition.lock()
        defer { condition.unlock() }
        while targets.contains(where: { results[$0] == nil }) { condition.wait() }
        return Dictionary(targets.map { ($0, results[$0]!) }, uniquingKeysWith: { a, _ in a })
    }

    public func result(for target: ProbeTarget) -> ProbeResult {
        results(for: [target])[target]!
    }
}
