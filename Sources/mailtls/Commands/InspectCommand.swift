import ArgumentParser
import MailTLS

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List the server entries found in files and what convert would do (never shows passwords)."
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var policyOptions: PolicyOptions
    @OptionGroup(title: "Never break an account") var safety: SafetyOptions

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
        /// A converted entry that the conversion removes as a duplicate of another entry
        /// (autoconfig lists the same server twice) instead of rewriting it.
        var removed: Bool
        /// The provider table's finding (SMTP entries; absent with --no-provider-table).
        var provider: ProviderFinding?
        /// What --probe found on the target port.
        var probe: ProbeResult?
    }

    struct FileInspection: Encodable {
        var path: String
        var format: String?
        var status: FileReport.Status
        var reason: String?
        var entries: [EntryReport]
        /// Warnings about the file rather than one entry (a server the scan could not read).
        var warnings: [String]
        var error: FileReport.Failure?
    }

    func run() throws {
        // Inspect writes nothing, so a signed profile is read as --strip-signature would convert
        // it: its entries and verdicts are shown (with the signer) instead of the refusal.
        let registry = try AdapterSetup.registry(profiles: policyOptions.profiles, stripSignatures: true)
        var options = RunOptions(policy: try policyOptions.policy(), dryRun: true, format: policyOptions.format, sizeLimit: input.maxSize)
        options.safety = try safety.check(base: options, registry: registry) { scanner in
            // A list on standard input can be read only once: then hosts are probed on demand.
            input.filesFrom == "-" ? [] : (try? input.walker()).map { ProbePrefetch.targets($0, processor: scanner, jobs: input.jobs) } ?? []
        }
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
            let entries = result.decisions.enumerated().map { index, decision in
                EntryReport(
                    account: decision.entry.account, protocol: decision.entry.proto, host: decision.entry.host, port: decision.entry.port,
                    portIsDefault: decision.entry.portIsDefault, security: decision.entry.security, verdict: decision.verdict,
                    target: decision.target, details: decision.entry.details, warnings: decision.warnings,
                    removed: result.removedEntries.contains(index), provider: decision.provider, probe: decision.probe)
            }
            let entryWarnings = Set(result.decisions.flatMap(\.warnings))
            let inspection = FileInspection(
                path: report.path, format: report.format, status: report.status, reason: report.reason, entries: entries,
                warnings: report.warnings.filter { !entryWarnings.contains($0) }, error: report.error)
            if let failure = report.error { Console.errorLine("mailtls: \(report.path): \(failure.shown)") }
            if !json { for warning in inspection.warnings { Console.errorLine("mailtls: \(report.path): warning: \(warning)") } }
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
            case .convert where entry.removed: action = "removed (the same server on \(entry.target!.port)/\(entry.target!.security.rawValue) is listed already)"
            case .convert: action = "-> \(entry.target!.port)/\(entry.target!.security.rawValue)"
            case .alreadyImplicitTLS: action = "ok (implicit TLS)"
            case .plaintext: action = "left as is (no encryption)"
            case .otherPort: action = "left as is (port not in --from-ports)"
            case .protocolNotSelected: action = "left as is (\(entry.protocol.rawValue) not in --protocols)"
            case .hostNotSelected: action = "skipped (host not in --server)"
            case .unknownValue: action = entry.warnings.first ?? "left as is (a value not understood)"
            case .providerWithoutImplicitTLS: action = "left as is (provider offers no implicit TLS on 465)"
            case .probeFailed: action = "left as is (probe: \(entry.probe?.verdict.rawValue ?? "no host"))"
            }
            // An entry with a value not understood has no security mailtls could name.
            let security = entry.verdict == .unknownValue ? "?" : entry.security.rawValue
            out += Console.escaped("  \(entry.account) | \(entry.protocol.rawValue) | \(entry.host ?? "(no host)") | port \(port) | \(security) | \(action)\(safetyText(entry))") + "\n"
            if !entry.details.isEmpty {
                out += Console.escaped("      " + entry.details.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")) + "\n"
            }
        }
        return out
    }
}
