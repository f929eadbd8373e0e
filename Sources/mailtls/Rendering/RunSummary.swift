#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MailTLS

/// Counts of a run, its exit code and the closing line on standard error.
struct RunSummary {
    var counts: [FileReport.Status: Int] = [:]
    var warnings = 0
    var worst = FileResult.Severity.ok
    let started = Seconds.now()

    mutating func add(_ result: FileResult) {
        counts[result.report.status, default: 0] += 1
        warnings += result.report.warnings.count
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
        let seconds = Seconds.text(Seconds.now() - started)
        let parts: [(FileReport.Status, String)] = [
            (.converted, "converted"), (.wouldConvert, "would convert"), (.unchanged, "unchanged"), (.skipped, "skipped"),
        ]
        let shown = parts.map { "\(counts[$0.0, default: 0]) \($0.1)" }
            + [Self.count(counts[.error, default: 0], "error"), Self.count(warnings, "warning")]
        return "mailtls: \(Self.count(files, "file")): \(shown.joined(separator: ", ")) (\(seconds) s)"
    }

    /// "1 file", "2 files".
    static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
}
