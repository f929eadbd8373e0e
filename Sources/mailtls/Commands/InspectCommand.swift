import ArgumentParser
import MailTLS

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List the server entries found in files and what convert would do (never shows passwords)."
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var policyOptions: PolicyOptions

    @Flag(name: .customLong("json"), help: "Print one JSON object per input file on standard output.")
    var json = false

    struct EntryReport: Encodable {
        var account: String
        var `protocol`: MailProtocol
        var host: String?
        var port: Int
        var portIsDefault: Bool
        var security: Security
        var verdict: Decision.Verdict
        var target: Endpoint?
        var details: [ServerEntry.Detail]
        var warnings: [String]
    }

    struct FileInspection: Encodable {
        var path: String
        var format: String?
        var status: FileReport.Status
        var reason: String?
        var entries: [EntryReport]
        var error: FileReport.Failure?
    }

    func run() throws {
        let registry = try AdapterSetup.registry(profiles: policyOptions.profiles)
        let options = RunOptions(policy: try policyOptions.policy(), dryRun: true, format: policyOptions.format, sizeLimit: input.maxSize)
        let processor = FileProcessor(registry: registry, options: options)
        var summary = RunSummary()
        for event in try input.walker() {
            let result: FileResult
            switch event {
            case .file(let task):
                result = processor.process(task)
            case .passedOver(let path, let reason):
                result = FileResult(report: FileReport(path: path, status: .skipped, reason: reason))
            case .unreadable(let path, let reason):
                result = FileResult(report: FileReport(path: path, status: .error, error: .init(code: "io", message: reason)), severity: .ioError)
            }
            summary.add(result)
            let report = result.report
            let entries = result.decisions.map {
                EntryReport(
                    account: $0.entry.account, protocol: $0.entry.proto, host: $0.entry.host, port: $0.entry.port,
                    portIsDefault: $0.entry.portIsDefault, security: $0.entry.security, verdict: $0.verdict, target: $0.target,
                    details: $0.entry.details, warnings: $0.warnings)
            }
            let inspection = FileInspection(
                path: report.path, format: report.format, status: report.status, reason: report.reason, entries: entries, error: report.error)
            if let failure = report.error { Console.errorLine("mailtls: \(report.path): \(failure.message)") }
            if json {
                Console.out(ReportRenderer.line(inspection) + "\n")
            } else if report.status != .skipped {
                Console.out(Self.text(inspection))
            }
        }
        Console.errorLine(summary.line)
        if summary.worst != .ok { throw ExitCode(Int32(summary.worst.rawValue)) }
    }

    static func text(_ file: FileInspection) -> String {
        guard file.error == nil else { return "" }
        var out = Console.escaped("\(file.path) (\(file.format ?? "unrecognised")): \(file.entries.count) server entr\(file.entries.count == 1 ? "y" : "ies")") + "\n"
        for entry in file.entries {
            let port = "\(entry.port)\(entry.portIsDefault ? " (default)" : "")"
            let action: String
            switch entry.verdict {
            case .convert: action = "-> \(entry.target!.port)/\(entry.target!.security.rawValue)"
            case .alreadyImplicitTLS: action = "ok (implicit TLS)"
            case .plaintext: action = "left as is (no encryption)"
            case .otherPort: action = "left as is (port not in --from-ports)"
            case .protocolNotSelected: action = "left as is (\(entry.protocol.rawValue) not in --protocols)"
            case .hostNotSelected: action = "skipped (host not in --server)"
            case .unknownValue: action = entry.warnings.first ?? "left as is (a value not understood)"
            }
            // An entry with a value not understood has no security mailtls could name.
            let security = entry.verdict == .unknownValue ? "?" : entry.security.rawValue
            out += Console.escaped("  \(entry.account) | \(entry.protocol.rawValue) | \(entry.host ?? "(no host)") | port \(port) | \(security) | \(action)") + "\n"
            if !entry.details.isEmpty {
                out += Console.escaped("      " + entry.details.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")) + "\n"
            }
        }
        return out
    }
}
