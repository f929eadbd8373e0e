import ArgumentParser
import MailTLS

/// `mailtls revert PATH...`: put back originals from the `--in-place` backups
/// (README, "Before you convert").
struct RevertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revert",
        abstract: "Restore files converted with --in-place from their backups (<file>.bak).",
        discussion: """
            A file is restored only when it is still exactly what mailtls made from its backup \
            (converting the backup with the same --from-ports/--to-port/--protocols gives the \
            file's bytes, allowing for entries the provider table, --probe or --server left \
            alone); otherwise it is refused unless --force. Here --server GLOB limits the revert \
            to files in which a converted entry's host matches. The restore is atomic and keeps \
            the file's mode; the backup is removed once the original is back. Folders are \
            searched for files that have a backup beside them.
            """
    )

    @Argument(help: ArgumentHelp("Converted files, or folders to search for files with a backup.", valueName: "path"), completion: .file())
    var paths: [String]

    @OptionGroup var policyOptions: PolicyOptions

    @Option(name: .customLong("backup-suffix"), help: "Suffix of the backups --in-place kept.")
    var backupSuffix: String = ".bak"

    @Flag(name: .customLong("force"), help: "Restore even files changed since mailtls converted them.")
    var force = false

    @Flag(name: .customLong("dry-run"), help: "Report what would be restored; change nothing.")
    var dryRun = false

    @Flag(name: .customLong("json"), help: "Print one JSON object per file on standard output.")
    var json = false

    @Flag(name: [.short, .long], help: "Print only refusals, errors and the summary.")
    var quiet = false

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one file or folder") }
        if backupSuffix.isEmpty || backupSuffix.contains("/") { throw ValidationError("--backup-suffix must be a non-empty file-name suffix") }
    }

    func run() throws {
        let registry = try AdapterSetup.registry(profiles: policyOptions.profiles)
        if let format = policyOptions.format, registry.adapter(named: format) == nil {
            throw ValidationError("--format: unknown format '\(format)' (see 'mailtls adapters')")
        }
        let reverter = FileReverter(registry: registry, options: FileReverter.Options(
            policy: try policyOptions.policy(), backupSuffix: backupSuffix,
            serverPatterns: policyOptions.servers.map(HostPattern.init), force: force, dryRun: dryRun, format: policyOptions.format))
        let started = Seconds.now()
        var counts: [FileReverter.Report.Status: Int] = [:]
        for path in try files() {
            let report = reverter.revert(path)
            counts[report.status, default: 0] += 1
            render(report)
        }
        let parts: [(FileReverter.Report.Status, String)] = [
            (.reverted, "reverted"), (.wouldRevert, "would revert"), (.refused, "refused"), (.skipped, "skipped"), (.error, "errors"),
        ]
        let total = counts.values.reduce(0, +)
        Console.error("mailtls: \(total) file\(total == 1 ? "" : "s"): "
            + parts.map { "\(counts[$0.0, default: 0]) \($0.1)" }.joined(separator: ", ")
            + " (\(Seconds.text(Seconds.now() - started)) s)\n")
        if counts[.error, default: 0] > 0 || counts[.refused, default: 0] > 0 { throw ExitCode(74) }
    }

    private func render(_ report: FileReverter.Report) {
        switch report.status {
        case .refused, .error: Console.error("mailtls: \(report.path): \(report.message ?? report.status.rawValue)\n")
        case .reverted where report.message != nil: Console.error("mailtls: \(report.path): warning: \(report.message!)\n")
        default: break
        }
        if json {
            Console.out(ReportRenderer.line(report) + "\n")
        } else if !quiet, report.status == .reverted || report.status == .wouldRevert {
            let verb = report.status == .reverted ? "reverted" : "would revert"
            let undone = report.reverted.map { "\"\($0.account)\" \($0.host ?? "(no host)")" }.joined(separator: ", ")
            Console.out("\(report.path): \(verb) from \(report.backup)\(undone.isEmpty ? "" : " (\(undone))")\n")
        }
    }

    /// The files to revert: named files as they are (a named backup stands for its file), and
    /// in folders every file that has a backup beside it.
    private func files() throws -> [String] {
        var out: [String] = []
        for path in paths {
            if FileIO.isDirectory(path) {
                var found: [String] = []
                // Everything in the tree counts as a possible backup, whatever its type (the
                // reverter says what it makes of it); folders that cannot be read are passed by.
                for event in InputWalker(paths: [path]) {
                    let candidate: String
                    switch event {
                    case .file(let task): candidate = task.path
                    case .passedOver(let path, _): candidate = path
                    case .unreadable: continue
                    }
                    guard candidate.hasSuffix(backupSuffix) else { continue }
                    let file = String(candidate.dropLast(backupSuffix.count))
                    if FileIO.exists(file), !FileIO.isDirectory(file) { found.append(file) }
                }
                out += found.sorted()
            } else if path.hasSuffix(backupSuffix), !FileIO.exists(path + backupSuffix), FileIO.exists(String(path.dropLast(backupSuffix.count))) {
                out.append(String(path.dropLast(backupSuffix.count)))
            } else {
                out.append(path)
            }
        }
        return out
    }
}
