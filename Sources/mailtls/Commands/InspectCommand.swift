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
        var entries: [EntryReport]
        var error: FileReport.Failure?
    }

    func run() throws {
        // Inspect writes nothing, so a signed profile is read as --strip-signature would convert
        // it: its entries and verdicts are shown (with the signer) instead of the refusal.
        let registry = try AdapterSetup.registry(profiles: policyOptions.profiles, stripSignatures: true)
        let options = RunOptions(policy: try policyOptions.policy(), dryRun: true, format: policyOptions.format, sizeLimit: input.maxSize)
        let processor = FileProcessor(registry: registry, options: options)
        var worst = FileResult.Severity.ok
        for event in try input.walker(ownFile: { _ in false }) {
            guard case .file(let task) = event else {
                if case .unreadable(let path, let reason) = event {
                    Console.error("mailtls: \(path): \(reason)\n")
                    worst = max(worst, .ioError)
                }
                continue
            }
            let result = processor.process(task)
            worst = max(worst, result.severity)
            let entries = result.decisions.map {
                EntryReport(
                    account: $0.entry.account, protocol: $0.entry.proto, host: $0.entry.host, port: $0.entry.port,
                    portIsDefault: $0.entry.portIsDefault, security: $0.entry.security, verdict: $0.verdict, target: $0.target,
                    details: $0.entry.details, warnings: $0.warnings)
            }
            let inspection = FileInspection(
                path: task.path, format: result.report.format, status: result.report.status, entries: entries, error: result.report.error)
            if let failure = result.report.error { Console.error("mailtls: \(task.path): \(failure.message)\n") }
            if json {
                Console.out(ReportRenderer.line(inspection) + "\n")
            } else if result.report.status != .skipped || task.explicit {
                Console.out(Self.text(inspection))
            }
        }
        if worst != .ok { throw ExitCode(Int32(worst.rawValue)) }
    }

    static func text(_ file: FileInspection) -> String {
        guard file.error == nil else { return "" }
        var out = "\(file.path) (\(file.format ?? "unrecognised")): \(file.entries.count) server entr\(file.entries.count == 1 ? "y" : "ies")\n"
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
            }
            out += "  \(entry.account) | \(entry.protocol.rawValue) | \(entry.host ?? "(no host)") | port \(port) | \(entry.security.rawValue) | \(action)\n"
            if !entry.details.isEmpty {
                out += "      " + entry.details.map { "\($0.name)=\($0.value)" }.joined(separator: ", ") + "\n"
            }
        }
        return out
    }
}
