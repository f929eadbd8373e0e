import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MailTLS

/// Turns file results into what the user sees: human lines or JSON Lines on standard output,
/// errors and warnings on standard error. Never prints secrets: reports hold none, and diffs
/// come masked from the core.
struct ReportRenderer {
    var json: Bool
    /// `-q`: errors only (warnings stay in the JSON records and the summary's count).
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
        // With `-o -` standard output carries the file itself; everything else goes to stderr.
        let toStandardError = result.standardOutput != nil
        if !quiet {
            for warning in report.warnings { Console.errorLine("mailtls: \(report.path): warning: \(warning)") }
        }
        if let failure = report.error { Console.errorLine("mailtls: \(report.path): \(failure.shown)") }
        if json {
            Console.out(Self.line(report) + "\n")
            return
        }
        if showDiff, let diff = result.diff {
            if toStandardError { Console.error(diff) } else { Console.out(diff) }
        }
        guard !quiet else { return }
        func say(_ line: String) { if toStandardError { Console.errorLine(line) } else { Console.outLine(line) } }
        let destination = report.output.map { $0 == "-" ? "" : " -> \($0)" } ?? ""
        switch report.status {
        case .converted, .wouldConvert:
            let verb = report.status == .converted ? "converted" : "would convert"
            for change in report.changes { say("\(report.path)\(destination): \(verb) \(Self.describe(change))") }
        case .unchanged where report.output != nil && report.output != "-":
            say("\(report.path)\(destination): " + (report.changes.isEmpty ? "nothing to convert, copied as is" : "already converted"))
        default:
            break
        }
        for entry in report.skipped ?? [] {
            say("\(report.path): skipped \"\(entry.account)\" \(entry.protocol.rawValue) \(entry.host ?? "(no host)") (host not in --server)")
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

extension FileReport.Failure {
    /// The message as printed: the core names no option, so a file over the size limit gets
    /// the one that raises it here.
    var shown: String { code == "too-large" ? message + " (--max-size)" : message }
}
