import Foundation
import MailTLS

/// Turns file results into what the user sees: human lines or JSON Lines on standard output,
/// errors and warnings on standard error. Never prints secrets: reports hold none, and diffs
/// come masked from the core.
struct ReportRenderer {
    var json: Bool
    var quiet: Bool
    var showDiff: Bool

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    func render(_ result: FileResult) {
        let report = result.report
        if let bytes = result.standardOutput { Console.outBytes(bytes) }
        for warning in report.warnings { Console.error("mailtls: \(report.path): warning: \(warning)\n") }
        if let failure = report.error { Console.error("mailtls: \(report.path): \(failure.message)\n") }
        if json {
            Console.out(Self.line(report) + "\n")
            return
        }
        if showDiff, let diff = result.diff { Console.out(diff) }
        guard !quiet, report.status == .converted || report.status == .wouldConvert else { return }
        let verb = report.status == .converted ? "converted" : "would convert"
        let destination = report.output.map { $0 == "-" ? "" : " -> \($0)" } ?? ""
        // With `-o -` standard output carries the converted file itself; the lines go to stderr.
        let toStandardError = result.standardOutput != nil
        for change in report.changes {
            let line = "\(report.path)\(destination): \(verb) \(Self.describe(change))\n"
            if toStandardError { Console.error(line) } else { Console.out(line) }
        }
    }

    static func describe(_ change: FileReport.Change) -> String {
        "\"\(change.account)\" \(change.protocol.rawValue) \(change.host ?? "(no host)"): "
            + "\(change.from.port)/\(change.from.security.rawValue) -> \(change.to.port)/\(change.to.security.rawValue)"
            + (change.removed ? " (removed: the same server is listed already)" : "")
    }

    static func line<T: Encodable>(_ value: T) -> String {
        (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
