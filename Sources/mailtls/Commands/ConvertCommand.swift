import ArgumentParser
import Foundation
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

    func validate() throws {
        if outputOptions.output != nil, input.paths.count != 1 || input.filesFrom != nil {
            throw ValidationError("-o/--output takes exactly one input file")
        }
        if outputOptions.output == "-", reportOptions.json { throw ValidationError("-o - and --json both use standard output") }
    }

    func run() throws {
        let code = try ConversionRun(input: input, policy: policyOptions, output: outputOptions, report: reportOptions, dryRun: outputOptions.dryRun, checking: false).execute()
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

    func run() throws {
        let code = try ConversionRun(
            input: input, policy: policyOptions, output: try OutputOptions.parse([]), report: reportOptions, dryRun: true, checking: true
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
    let dryRun: Bool
    let checking: Bool

    func execute() throws -> Int32 {
        let registry = try AdapterSetup.registry(profiles: policy.profiles, stripSignatures: policy.stripSignature)
        // Many files: stage each output and flush once per batch. One named file: write it
        // durably on its own (lowest latency, no file-system-wide flush).
        let bulk = input.filesFrom != nil || input.paths.count > 1 || input.paths.contains { FileIO.isDirectory($0) }
        var options = RunOptions(
            policy: try policy.policy(), output: output.mode, dryRun: dryRun, force: output.force, format: policy.format,
            sizeLimit: input.maxSize, wantDiff: report.diff)
        options.deferCommit = bulk
        if let format = options.format, registry.adapter(named: format) == nil {
            throw ValidationError("--format: unknown format '\(format)' (see 'mailtls adapters')")
        }
        let processor = FileProcessor(registry: registry, options: options, writer: AtomicFileWriter(durable: !bulk))
        let committer = BatchCommitter(processor: processor)
        let renderer = ReportRenderer(json: report.json, quiet: report.quiet, showDiff: report.diff)
        let progress = ProgressLine(quiet: report.quiet || input.noProgress)
        var summary = RunSummary()
        func finish(_ results: [FileResult]) {
            guard !results.isEmpty else { return }
            progress.clear()
            for result in results {
                renderer.render(result)
                summary.add(result)
                progress.finishedOne()
            }
        }
        let events = CountingSequence(try input.walker(ownFile: output.ownFile), progress: progress)
        OrderedParallelRunner<InputWalker.Event, FileResult>(jobs: input.jobs).run(events, work: { event in
            switch event {
            case .file(let task):
                return processor.process(task)
            case .passedOver(let path, _):
                return FileResult(report: FileReport(path: path, status: .skipped))
            case .unreadable(let path, let reason):
                return FileResult(
                    report: FileReport(path: path, status: .error, error: .init(code: "io", message: reason)), severity: .ioError)
            }
        }, deliver: { result in finish(committer.add(result)) })
        finish(committer.flush())
        progress.clear()
        if !report.quiet || summary.worst != .ok { Console.error(summary.line + "\n") }
        return summary.exitCode(checking: checking)
    }
}
