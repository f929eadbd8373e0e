import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import MailTLS

/// A one-line progress display on standard error: files done of the total, rate and time
/// left. Drawn only on a terminal, at most ten times a second. `Console` clears it before any
/// other text is written, and the next finished file draws it again.
///
/// The total is known at once for files named on the command line; for folders and lists a
/// second walker counts the inputs on a background thread (`startCounting`), and otherwise the
/// total is known when the main walk ends.
final class ProgressLine: @unchecked Sendable {
    let enabled: Bool
    private let started = Date()
    private var lastDraw = Date.distantPast
    private var visible = false
    private(set) var done = 0
    private var discovered = 0
    private var walkFinished = false
    /// The counting walker's total, written from its thread: read and written on `guardQueue`.
    private var counted: Int?
    private let guardQueue = DispatchQueue(label: "mailtls.progress.total")

    /// Shown when standard error is a terminal, unless `quiet`, `TERM=dumb`, `NO_COLOR` or
    /// `MAILTLS_NO_PROGRESS` says otherwise.
    init(quiet: Bool, environment: [String: String] = ProcessEnvironment.variables) {
        enabled = !quiet && Console.standardErrorIsTerminal && environment["TERM"] != "dumb"
            && environment["NO_COLOR"] == nil && environment["MAILTLS_NO_PROGRESS"] == nil
        if enabled { Console.statusLine = self }
    }

    /// Sets the total directly (inputs known before the run).
    func knownTotal(_ total: Int) { setCounted(total) }

    /// Counts the events of `walker` on a background thread and takes that as the total.
    func startCounting(_ walker: InputWalker) {
        guard enabled else { return }
        DispatchQueue.global(qos: .utility).async { [self] in
            var walker = walker
            var count = 0
            while walker.next() != nil { count += 1 }
            setCounted(count)
        }
    }

    private func setCounted(_ total: Int) {
        guardQueue.sync { counted = total }
    }

    private var total: Int? {
        if walkFinished { return discovered }
        return guardQueue.sync { counted }
    }

    func discoveredOne() { discovered += 1 }
    func walkDone() { walkFinished = true }

    func finishedOne() {
        done += 1
        draw()
    }

    private func draw() {
        guard enabled, Date().timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = Date()
        let elapsed = max(Date().timeIntervalSince(started), 0.001)
        let rate = Double(done) / elapsed
        let total = self.total.map { max($0, done) }
        var text = total.map { "\(done)/\(RunSummary.count($0, "file"))" } ?? RunSummary.count(done, "file")
        text += ", \(Int(rate.rounded()))/s"
        if let total, rate > 0 { text += ", \(Int((Double(total - done) / rate).rounded())) s left" }
        Console.drawStatus("\r\u{1B}[2K" + "mailtls: " + text)
        visible = true
    }

    /// Removes the line (before other output, and at the end).
    func clear() {
        guard visible else { return }
        visible = false
        Console.drawStatus("\r\u{1B}[2K")
    }
}

/// Counts items as a sequence is consumed, telling a progress line about them.
struct CountingSequence<Base: Sequence>: Sequence, IteratorProtocol {
    var base: Base.Iterator
    let progress: ProgressLine

    init(_ base: Base, progress: ProgressLine) {
        self.base = base.makeIterator()
        self.progress = progress
    }

    mutating func next() -> Base.Element? {
        guard let item = base.next() else {
            progress.walkDone()
            return nil
        }
        progress.discoveredOne()
        return item
    }
}
