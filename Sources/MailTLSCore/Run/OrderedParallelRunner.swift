import Dispatch

/// Processes a stream of work items on up to `jobs` threads and hands the results back in
/// input order. At most `window` items are in flight or waiting to be handed back, so memory
/// stays bounded (by about `window` results and `jobs` files) however long the stream is.
public struct OrderedParallelRunner<Item: Sendable, Result: Sendable>: Sendable {
    public let jobs: Int
    public let window: Int

    public init(jobs: Int, window: Int? = nil) {
        self.jobs = max(1, jobs)
        self.window = max(self.jobs, window ?? self.jobs * 4)
    }

    /// Runs `work` on every item of `items`, calling `deliver` on the calling thread with each
    /// result, in the order of `items`.
    public func run<S: Sequence>(_ items: S, work: @escaping @Sendable (Item) -> Result, deliver: (Result) -> Void) where S.Element == Item {
        guard jobs > 1 else {
            for item in items { deliver(work(item)) }
            return
        }
        let state = ReorderBuffer<Result>()
        let slots = DispatchSemaphore(value: jobs)
        let queue = DispatchQueue(label: "mailtls.workers", attributes: .concurrent)
        var submitted = 0
        for item in items {
            // Hand back what is ready; block only when the window is full.
            state.drain(upTo: submitted, blockingWhile: { pending in pending >= window }, deliver: deliver)
            slots.wait()
            let index = submitted
            submitted += 1
            queue.async {
                let result = work(item)
                slots.signal()
                state.store(result, at: index)
            }
        }
        state.drain(upTo: submitted, blockingWhile: { pending in pending > 0 }, deliver: deliver)
    }
}

/// Results that finished out of order, waiting for their turn.
private final class ReorderBuffer<Result: Sendable>: @unchecked Sendable {
    private let condition = ConditionLock()
    private var ready: [Int: Result] = [:]
    private var next = 0

    func store(_ result: Result, at index: Int) {
        condition.lock()
        ready[index] = result
        condition.signal()
        condition.unlock()
    }

    /// Delivers results in order while they are ready; while `blockingWhile(pending)` holds
    /// (pending = submitted but not yet delivered), waits for the next one.
    func drain(upTo submitted: Int, blockingWhile mustWait: (Int) -> Bool, deliver: (Result) -> Void) {
        while true {
            condition.lock()
            while ready[next] == nil, next < submitted, mustWait(submitted - next) { condition.wait() }
            guard let result = ready.removeValue(forKey: next) else {
                condition.unlock()
                return
            }
            next += 1
            condition.unlock()
            deliver(result)
        }
    }
}
