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

    func validate() throws {
        if outputOptions.output != nil, input.paths.count != 1 || input.filesFrom != nil {
            throw ValidationError("-o/--output takes exactly one input file")
        }
        if outputOptions.output == "-", outputOptions.json { throw ValidationError("-o - and --json both use standard output") }
    }

    func run() throws {
        let code = try ConversionRun(input: input, policy: policyOptions, output: outputOptions, dryRun: outputOptions.dryRun, checking: false).execute()
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

    @Flag(name: .customLong("diff"), help: "Show a diff of each change (passwords masked).")
    var diff = false

    @Flag(name: .customLong("json"), help: "Print one JSON object per input file on standard output.")
    var json = false

    @Flag(name: [.short, .long], help: "Print only errors and warnings.")
    var quiet = false

    func run() throws {
        var output = try OutputOptions.parse([])
        output.diff = diff
        output.json = json
        output.quiet = quiet
        let code = try ConversionRun(input: input, policy: policyOptions, output: output, dryRun: true, checking: true).execute()
        if code != 0 { throw ExitCode(code) }
    }
}

/// One `convert` or `check` run: walk the inputs, process each file, render, summarise.
struct ConversionRun {
    let input: InputOptions
    let policy: PolicyOptions
    let output: OutputOptions
    let dryRun: Bool
    let checking: Bool

    func execute() throws -> Int32 {
        let registry = try AdapterSetup.registry(profiles: policy.profiles)
        let options = RunOptions(
            policy: try policy.policy(), output: output.mode, dryRun: dryRun, force: output.force, format: policy.format,
            sizeLimit: input.maxSize, wantDiff: output.diff)
        if let format = options.format, registry.adapter(named: format) == nil {
            throw ValidationError("--format: unknown format '\(format)' (see 'mailtls adapters')")
        }
        let processor = FileProcessor(registry: registry, options: options)
        let renderer = ReportRenderer(json: output.json, quiet: output.quiet, showDiff: output.diff)
        var summary = RunSummary()
        for event in try input.walker(ownFile: output.ownFile) {
            let result: FileResult
            switch event {
            case .file(let task):
                result = processor.process(task)
            case .passedOver(let path, _):
                result = FileResult(report: FileReport(path: path, status: .skipped))
            case .unreadable(let path, let reason):
                result = FileResult(
                    report: FileReport(path: path, status: .error, error: .init(code: "io", message: reason)), severity: .ioError)
            }
            renderer.render(result)
            summary.add(result)
        }
        if !output.quiet || summary.worst != .ok { Console.error(summary.line + "\n") }
        return summary.exitCode(checking: checking)
    }
}
