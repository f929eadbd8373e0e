/// Converts one file end to end: read (size-limited), pick the adapter, convert, write the
/// output atomically, and describe the result. Knows no client; never prints.
public struct FileProcessor: Sendable {
    public let registry: AdapterRegistry
    public let options: RunOptions
    public let writer: AtomicFileWriter

    public init(registry: AdapterRegistry, options: RunOptions, writer: AtomicFileWriter = AtomicFileWriter()) {
        self.registry = registry
        self.options = options
        self.writer = writer
    }

    public func process(_ task: FileTask) -> FileResult {
        var report = FileReport(path: task.path, status: .unchanged)
        func failed(_ code: String, _ message: String, _ severity: FileResult.Severity) -> FileResult {
            report.status = .error
            report.error = FileReport.Failure(code: code, message: message)
            return FileResult(report: report, severity: severity)
        }

        let bytes: [UInt8]
        let facts: FileFacts
        do {
            (bytes, facts) = try FileIO.read(task.path, limit: options.sizeLimit)
        } catch {
            return failed(error.isTooLarge ? "too-large" : "io", error.reason, .ioError)
        }
        let file = InputFile(name: task.path, bytes: bytes)

        let adapter: any Adapter
        if let forced = options.format {
            guard let named = registry.adapter(named: forced) else {
                return failed("unsupported-format", "unknown format '\(forced)' (see 'mailtls adapters')", .badInput)
            }
            adapter = named
        } else {
            switch registry.choose(for: file) {
            case .adapter(let found):
                adapter = found
            case .unrecognised(let hint):
                // In a walk or a list the name is only a hint and the content decides: a file
                // no adapter recognises (empty, a `.gitkeep`, another program's `.prf`) is not
                // settings, and is skipped and counted. A file the user named is an error.
                guard task.explicit else {
                    report.status = .skipped
                    report.reason = bytes.isEmpty ? "empty" : "not-settings"
                    return FileResult(report: report)
                }
                if bytes.isEmpty { return failed("empty", "empty file", .badInput) }
                let why = hint.map { "not a recognised settings file (the name suggests \($0.name), the content does not match)" }
                    ?? "not a recognised settings file"
                return failed("unsupported-format", why, .badInput)
            }
        }
        report.format = adapter.name

        let outcome: FileConverter.Outcome
        do {
            outcome = try FileConverter(policy: options.policy, safety: options.safety).convert(file, with: adapter)
        } catch {
            return failed(error.kind.rawValue, error.message, .badInput)
        }
        report.changes = outcome.changes
        // Entries held back by the provider table or the probe (README, "Before you convert").
        let held = outcome.decisions.filter { $0.verdict == .providerWithoutImplicitTLS || $0.verdict == .probeFailed }
        if !held.isEmpty { report.held = held.map(FileReport.Change.init) }
        report.warnings = outcome.warnings
        let skipped = outcome.decisions.filter { $0.verdict == .hostNotSelected }.map(FileReport.SkippedEntry.init)
        report.skipped = skipped.isEmpty ? nil : skipped
        var result = FileResult(report: report, decisions: outcome.decisions)
        result.removedEntries = Set(outcome.removals.map(\.index))
        if outcome.output != nil, options.wantDiff { result.diff = ChangeDiff.render(path: task.path, input: bytes, outcome: outcome) }
        if options.dryRun {
            if outcome.output != nil { result.report.status = .wouldConvert }
            return result
        }
        // Nothing to convert: no output file, except the one the user named with -o, which
        // always receives the result (rules §5, like sed).
        guard outcome.output != nil || options.output.isNamed else { return result }
        if outcome.output != nil { result.report.status = .converted }
        do {
            result.report.output = try stage(outcome.output ?? bytes, for: task, adapter: adapter, facts: facts, original: bytes, result: &result)
        } catch {
            result.report.status = .error
            result.report.error = FileReport.Failure(code: error.code, message: error.path == task.path || error.path.isEmpty ? error.reason : "\(error.path): \(error.reason)")
            result.severity = .ioError
            result.diff = nil
        }
        return result
    }

    /// Stages the output bytes where the output mode says (a temporary file beside the
    /// destination, plus the in-place backup); returns the output's path as reported. The
    /// staged file is moved into place by `commit`, at once or, in a batch, after one flush
    /// for many files. A destination that already holds exactly these bytes is left alone and
    /// the file is `unchanged` (a re-run, rules §7); one with other bytes is refused without
    /// `--force`.
    private func stage(
        _ output: [UInt8], for task: FileTask, adapter: any Adapter, facts: FileFacts, original: [UInt8], result: inout FileResult
    ) throws(IOFailure) -> String? {
        let destination: String
        switch options.output {
        case .standardOutput:
            result.standardOutput = output
            return "-"
        case .file(let path):
            destination = path
        case .beside(let suffix):
            destination = OutputPaths.beside(task.path, suffix: suffix)
        case .directory(let folder):
            destination = OutputPaths.mirrored(task.path, root: task.root, into: folder)
        case .inPlace(let backupSuffix):
            try stageInPlace(output, for: task, adapter: adapter, facts: facts, original: original, backupSuffix: backupSuffix, result: &result)
            if !options.deferCommit { commit(&result) }
            // The name the user gave (a symbolic link stays a link; its target was edited).
            return task.path
        }
        if FileIO.holds(destination, exactly: output) {
            result.report.status = .unchanged
            return destination
        }
        guard options.force || !FileIO.exists(destination) else {
            throw IOFailure(path: destination, reason: "output exists (use --force to overwrite)", isExistingDestination: true)
        }
        if case .directory = options.output { try FileIO.makeDirectories(FileIO.directory(of: destination)) }
        result.pending = try writer.stage(output, for: destination, mode: options.force ? .replace : .createNew, permissions: facts.mode)
        if !options.deferCommit { commit(&result) }
        return destination
    }

    /// `--in-place`: refuses while the client has the file open, keeps the backup, then stages
    /// the new content over the original's real path.
    private func stageInPlace(
        _ output: [UInt8], for task: FileTask, adapter: any Adapter, facts: FileFacts, original: [UInt8], backupSuffix: String?,
        result: inout FileResult
    ) throws(IOFailure) {
        let destination = OutputPaths.resolvingSymlinks(task.path)
        if !options.force, let hazard = adapter.inPlaceHazard(forFileAt: destination) {
            throw IOFailure(path: task.path, reason: "not edited in place: \(hazard) (use --force to edit anyway)", isRefusal: true)
        }
        if facts.linkCount > 1 {
            result.report.warnings.append("file has \(facts.linkCount) hard links: only this name gets the converted content")
        }
        // The backup exists before the original is replaced, so a crash never leaves the
        // new content without the old one beside it.
        if let backupSuffix {
            let backup = destination + backupSuffix
            let existed = FileIO.exists(backup)
            try writer.backUp(destination, to: backup, original: original, facts: facts, overwrite: options.force)
            // A backup this run made goes again if the original is not replaced after all.
            if !existed { result.createdBackup = backup }
        }
        do {
            result.pending = try writer.stage(output, for: destination, mode: .replace, permissions: facts.mode, owner: (facts.owner, facts.group))
        } catch {
            result.removeCreatedBackup()
            throw error
        }
    }

    /// Moves a staged output into place; on failure the result becomes an error and the
    /// destination is untouched.
    public func commit(_ result: inout FileResult) {
        guard let staged = result.pending else { return }
        result.pending = nil
        do {
            try writer.commit(staged)
            result.createdBackup = nil
        } catch {
            result.removeCreatedBackup()
            result.report.status = .error
            result.report.output = nil
            result.report.error = FileReport.Failure(
                code: error.code, message: "\(error.path): \(error.reason)")
            result.severity = .ioError
            result.diff = nil
        }
    }
}
