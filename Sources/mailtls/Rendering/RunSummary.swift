import Foundation
import MailTLS

/// Counts of a run, its exit code and the closing line on standard error.
struct RunSummary {
    var counts: [FileReport.Status: Int] = [:]
    var worst = FileResult.Severity.ok
    let started = Date()

    mutating func add(_ result: FileResult) {
        counts[result.report.status, default: 0] += 1
        worst = max(worst, result.severity)
    }

    var files: Int { counts.values.reduce(0, +) }

    /// 74 if any I/O error, else 65 if any bad input, else (for `check`) 1 when something would
    /// convert, else 0.
    func exitCode(checking: Bool) -> Int32 {
        if worst != .ok { return Int32(worst.rawValue) }
        return checking && counts[.wouldConvert, default: 0] > 0 ? 1 : 0
    }

    var line: String {
        let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
        let parts: [(FileReport.Status, String)] = [
            (.converted, "converted"), (.wouldConvert, "would convert"), (.unchanged, "unchanged"),
            (.skipped, "skipped"), (.error, "errors"),
        ]
        let shown = parts.map { "\(counts[$0.0, default: 0]) \($0.1)" }.joined(separator: ", ")
        return "mailtls: \(files) file\(files == 1 ? "" : "s"): \(shown) (\(seconds) s)"
    }
}
