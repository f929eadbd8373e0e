import ArgumentParser
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MailTLS

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert settings files; write each changed file as <name>-smtps.<ext> (or see --in-place, --output-dir, -o)."
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var policyOptions: PolicyOptions
    @OptionGroup var outputOptions: OutputOptions
    @OptionGroup var reportOptions: ReportOptions
    @OptionGroup(title: "Never break an account") var safety: SafetyOptions

    func validate() throws {
        if outputOptions.output != nil, input.paths.count != 1 || input.filesFrom != nil {
            throw ValidationError("-o/--output takes exactly one input file")
        }
        if outputOptions.output != nil, let folder = input.paths.first, FileIO.isDirectory(folder) {
            throw ValidationError("-o/--output takes exactly one input file; \(folder) is a folder (use --output-dir)")
        }
        if outputOptions.output == "-", reportOptions.json { throw ValidationError("-o - and --json both use standard output") }
    }

    func run() throws {
        let code = try ConversionRun(input: input, policy: policyOptions, output: outputOptions, report: reportOptions, safety: safety, dryRun: outputOptions.dryRun, checking: false).execute()
        if code != 0 { throw ExitCode(code) }
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Report what convert would change, write nothing; exit 1 when something would change."
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var policyOptions: PolicyOptions
    @OptionGroup var reportOptions: ReportOptions
    @OptionGroup(title: "Never break an account") var safety: SafetyOptions

    func run() throws {
        let code = try ConversionRun(
            input: input, policy: policyOptions, output: try OutputOptions.parse([]), report: reportOptions, safety: safety, dryRun: true, checking: true
        ).execute()
        if code != 0 { throw ExitCode(code) }
    }
}

/// One `convert` or `check` run: walk the inputs, process files in parallel, commit outputs in
/// durable batches, render in input order, summarise.
struct ConversionRun {
    let input: InputOptions
    let policy: PolicyOptions
    let output: OutputOptions
    let report: ReportOptions
    let safety: SafetyOptions
    let dryRun: Bool
    let checking: Bool

    func execute() throws -> Int32 {
        let registry = try AdapterSetup.registry(profiles: policy.profiles, quiet: report.quiet, stripSignatures: policy.stripSignature)
        // Many files: stage each output and flush once per batch. One named file: write it
        // durably on its own (lowest latency, no file-system-wide flush).
        let bulk = input.filesFrom != nil || input.paths.count > 1 || input.paths.contains { FileIO.isDirectory($0) }
        var options = RunOptions(
            policy: try policy.policy(), output: output.mode, dryRun: dryRun, force: output.force, format: policy.format,
            sizeLimit: input.maxSize, wantDiff: report.diff)
        options.deferCommit = bulk
        // Provider table and --probe (README, "Before you convert"); the probe pass reads the inputs once more.
        options.safety = try safety.check(base: options, registry: registry) { scanner in
            // A list on standard input can be read only once: then hosts are probed on demand.
            input.filesFrom == "-" ? [] : (try? input.walker(ownFiles: output.ownFiles)).map { ProbePrefetch.targets($0, processor: scanner, jobs: input.jobs) } ?? []
        }
        let processor = FileProcessor(registry: registry, options: options, writer: AtomicFileWriter(durable: !bulk))
        let committer = BatchCommitter(processor: processor)
        let renderer = ReportRenderer(json: report.json, quiet: report.quiet, showDiff: report.diff)
        let progress = ProgressLine(quiet: report.quiet || input.noProgress)
        var summary = RunSummary()
        func finish(_ results: [FileResult]) {
            for result in results {
                renderer.render(result)
                summary.add(result)
                progress.finishedOne()
            }
        }
        if let count = input.knownCount {
            progress.knownTotal(count)
        } else if progress.enabled, let counter = input.countingWalker(ownFiles: output.ownFiles) {
            progress.startCounting(counter)
        }
        let events = CountingSequence(try input.walker(ownFiles: output.ownFiles), progress: progress)
        OrderedParallelRunner<InputWalker.Event, FileResult>(jobs: input.jobs).run(events, work: { event in
            switch event {
            case .file(let task):
                return processor.process(task)
            case .passedOver(let path, let reason):
                return FileResult(report: FileReport(path: path, status: .skipped, reason: reason))
            case .unreadable(let path, let reason):
                return FileResult(
                    report: FileReport(path: path, status: .error, error: .init(code: "io", message: reason)), severity: .ioError)
            }
        }, deliver: { result in finish(committer.add(result)) })
        finish(committer.flush())
        progress.clear()
        if !report.quiet || summary.worst != .ok { Console.errorLine(summary.line) }
        return summary.exitCode(checking: checking)
    }
}
