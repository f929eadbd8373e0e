#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What processing one file produced: the report, plus what the CLI prints besides it.
public struct FileResult: Sendable {
    public enum Severity: Int, Sendable, Comparable {
        case ok = 0
        /// Malformed or unsupported input (exit 65).
        case badInput = 65
        /// Reading or writing failed, or an output already exists (exit 74).
        case ioError = 74

        public static func < (a: Severity, b: Severity) -> Bool { a.rawValue < b.rawValue }
    }

    public var report: FileReport
    public var severity: Severity
    /// The unified (or field-level) diff, when asked for and something changed.
    public var diff: String?
    /// Converted bytes meant for standard output (`-o -`).
    public var standardOutput: [UInt8]?
    /// Entries found, for `inspect`.
    public var decisions: [Decision]
    /// Indexes into `decisions` of converted entries removed as duplicates instead (autoconfig).
    public var removedEntries: Set<Int> = []
    /// A converted file staged beside its destination and not yet moved into place (batch
    /// runs commit many at once after a single flush).
    public var pending: AtomicFileWriter.Staged?
    /// A backup made for `pending` that did not exist before; removed if the original ends
    /// up not replaced, so a failed run leaves nothing behind.
    public var createdBackup: String?

    /// Deletes `createdBackup`, if any.
    mutating func removeCreatedBackup() {
        if let backup = createdBackup { _ = unlink(backup) }
        createdBackup = nil
    }

    public init(report: FileReport, severity: Severity = .ok, diff: String? = nil, standardOutput: [UInt8]? = nil, decisions: [Decision] = []) {
        self.report = report
        self.severity = severity
        self.diff = diff
        self.standardOutput = standardOutput
        self.decisions = decisions
    }
}
