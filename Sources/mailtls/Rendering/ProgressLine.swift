import Foundation

/// A one-line progress display on standard error: files done (of the total once the walk has
/// finished), rate and time left. Drawn only on a terminal, at most ten times a second, and
/// cleared before any other line is printed.
final class ProgressLine {
    private let enabled: Bool
    private let started = Date()
    private var lastDraw = Date.distantPast
    private var visible = false
    private(set) var done = 0
    private var discovered = 0
    private var walkFinished = false

    /// Shown when standard error is a terminal, unless `quiet`, `TERM=dumb`, `NO_COLOR` or
    /// `MAILTLS_NO_PROGRESS` says otherwise.
    init(quiet: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) {
        enabled = !quiet && Console.standardErrorIsTerminal && environment["TERM"] != "dumb"
            && environment["NO_COLOR"] == nil && environment["MAILTLS_NO_PROGRESS"] == nil
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
        var text = walkFinished ? "\(done)/\(discovered) files" : "\(done) files"
        text += String(format: ", %.0f/s", rate)
        if walkFinished, rate > 0, discovered > done {
            text += String(format: ", %.0f s left", Double(discovered - done) / rate)
        }
        Console.error("\r\u{1B}[2K" + "mailtls: " + text)
        visible = true
    }

    func clear() {
        guard visible else { return }
        Console.error("\r\u{1B}[2K")
        visible = false
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
