import Foundation
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
    private let lock = NSLock()
    private var counted: Int?

    /// Shown when standard error is a terminal, unless `quiet`, `TERM=dumb`, `NO_COLOR` or
    /// `MAILTLS_NO_PROGRESS` says otherwise.
    init(quiet: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) {
        enabled = !quiet && Console.standardErrorIsTerminal && environment["TERM"] != "dumb"
            && environment["NO_COLOR"] == nil && environment["MAILTLS_NO_PROGRESS"] == nil
        if enabled { Console.statusLine = self }
    }

    /// Sets the total directly (inputs known before the run).
    func knownTotal(_ total: Int) { setCounted(total) }

    /// Counts the events of `walker` on a background thread and takes that as the total.
    func startCounting(_ walker: InputWalker) {
        guard enabled else { return }
        let thread = Thread { [self] in
            var walker = walker
            var count = 0
            while walker.next() != nil { count += 1 }
            setCounted(count)
        }
        thread.start()
    }

    private func setCounted(_ total: Int) {
        lock.lock()
        counted = total
        lock.unlock()
    }

    private var total: Int? {
        if walkFinished { return discovered }
        lock.lock()
        defer { lock.unlock() }
        return counted
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
        text += String(format: ", %.0f/s", rate)
        if let total, rate > 0 { text += String(format: ", %.0f s left", Double(total - done) / rate) }
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
