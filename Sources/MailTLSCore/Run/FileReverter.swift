#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Puts back the original of a file converted with `--in-place`, from its backup
/// (README, "Before you convert"). Refuses a file that is not exactly what mailtls made from that
/// backup, unless forced. Knows no client; never prints.
public struct FileReverter: Sendable {
    public struct Options: Sendable {
        public var policy: ConversionPolicy
        /// The `--in-place` backup suffix.
        public var backupSuffix: String
        /// Revert only files with a converted entry whose host matches (`--server`).
        public var serverPatterns: [HostPattern]
        public var force: Bool
        public var dryRun: Bool
        public var format: String?
        public var sizeLimit: Int

        public init(
            policy: ConversionPolicy = ConversionPolicy(), backupSuffix: String = ".bak", serverPatterns: [HostPattern] = [],
            force: Bool = false, dryRun: Bool = false, format: String? = nil, sizeLimit: Int = FileIO.defaultSizeLimit
        ) {
            self.policy = policy
            self.backupSuffix = backupSuffix
            self.serverPatterns = serverPatterns
            self.force = force
            self.dryRun = dryRun
            self.format = format
            self.sizeLimit = sizeLimit
        }
    }

    /// The outcome for one file, as printed by `revert --json` (README documents the fields).
    public struct Report: Sendable, Codable, Equatable {
        public enum Status: String, Sendable, Codable {
            case reverted
            case wouldRevert = "would-revert"
            /// Changed since mailtls converted it (or its backup is not a settings file).
            case refused
            /// No converted entry for the `--server` hosts.
            case skipped
            case error
        }

        public var path: String
        public var backup: String
        public var status: Status
        public var format: String?
        /// The entries mailtls had converted, which the revert undoes.
        public var reverted: [FileReport.Change]
        public var message: String?
    }

    public let registry: AdapterRegistry
    public let options: Options
    public let writer: AtomicFileWriter

    public init(registry: AdapterRegistry, options: Options, writer: AtomicFileWriter = AtomicFileWriter()) {
        self.registry = registry
        self.options = options
        self.writer = writer
    }

    /// The backup of `path` (the in-place run backs up the file a symlink points to).
    public func backupPath(of path: String) -> String {
        OutputPaths.resolvingSymlinks(path) + options.backupSuffix
    }

    public func revert(_ path: String) -> Report {
        let destination = OutputPaths.resolvingSymlinks(path)
        let backup = destination + options.backupSuffix
        var report = Report(path: path, backup: backup, status: .error, reverted: [])
        func end(_ status: Report.Status, _ message: String?) -> Report {
            report.status = status
            report.message = message
            return report
        }

        guard FileIO.exists(backup) else { return end(.error, "no backup \(backup)") }
        let current: [UInt8], facts: FileFacts, original: [UInt8]
        do {
            (current, facts) = try FileIO.read(destination, limit: options.sizeLimit)
            original = try FileIO.read(backup, limit: options.sizeLimit).bytes
        } catch {
            return end(.error, "\(error.path): \(error.reason)")
        }

        let backupFile = InputFile(name: backup, bytes: original)
        let adapter: (any Adapter)?
        if let format = options.format {
            adapter = registry.adapter(named: format)
        } else if case .adapter(let found) = registry.choose(for: backupFile) {
            adapter = found
        } else {
            adapter = nil
        }
        report.format = adapter?.name

        var madeByMailtls = false
        if let adapter {
            do {
                let finding = try RevertCheck.check(current: current, backup: backupFile, adapter: adapter, policy: options.policy)
                madeByMailtls = finding.madeByMailtls
                report.reverted = finding.converted
            } catch {
                if !options.force { return end(.refused, "backup does not parse (\(error.message)); not reverted (use --force)") }
            }
        } else if !options.force {
            return end(.refused, "backup is not a recognised settings file; not reverted (use --force)")
        }
        if !madeByMailtls, !options.force {
            return end(.refused, "changed since mailtls converted it (not a conversion of \(backup)); not reverted (use --force)")
        }
        if !options.serverPatterns.isEmpty {
            let matches = report.reverted.contains { change in options.serverPatterns.contains { $0.matches(change.host ?? "") } }
            guard matches else { return end(.skipped, "no converted entry for the --server hosts") }
        }
        if options.dryRun { return end(.wouldRevert, nil) }
        do {
            try restore(original, to: destination, facts: facts)
        } catch {
            return end(.error, "\(error.path): \(error.reason)")
        }
        if unlink(backup) != 0 {
            return end(.reverted, "original restored; the backup \(backup) could not be removed")
        }
        FileIO.syncDirectory(FileIO.directory(of: backup))
        return end(.reverted, nil)
    }

    /// Writes the backup's bytes over the file atomically (temporary file, flush, rename), with
    /// the file's current mode and owner. The backup is removed only after this returns, so a
    /// crash at any point leaves the converted file with its backup, or the original.
    private func restore(_ original: [UInt8], to destination: String, facts: FileFacts) throws(IOFailure) {
        try writer.write(original, to: destination, mode: .replace, permissions: facts.mode, owner: (facts.owner, facts.group))
    }
}
