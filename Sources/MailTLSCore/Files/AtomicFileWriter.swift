#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that its destination is either untouched or complete, never torn:
/// the bytes go to a temporary file in the destination folder (created 0600), which gets the
/// input's permissions (never wider), is flushed, and is then renamed into place.
public struct AtomicFileWriter: Sendable {
    /// Whether to fsync each file and its folder before returning. Batch runs turn this off
    /// per file and call `FileIO.syncDirectory` / `syncfs` once for the batch instead.
    public var durable: Bool

    public init(durable: Bool = true) {
        self.durable = durable
    }

    public enum Mode: Sendable {
        /// Fail if the destination exists (link(2) into place: atomic, no race).
        case createNew
        /// Replace the destination if it exists (rename(2) into place).
        case replace
    }

    /// A temporary file holding the new bytes, not yet in place.
    public struct Staged: Sendable {
        public let temporaryPath: String
        public let destination: String
        public let mode: Mode
    }

    /// Writes `bytes` to a temporary file next to `destination` with permissions `permissions`
    /// (masked to 0o777) and, when given, the owner of the input.
    public func stage(_ bytes: [UInt8], for destination: String, mode: Mode, permissions: mode_t, owner: (uid_t, gid_t)? = nil) throws(IOFailure) -> Staged {
        let folder = FileIO.directory(of: destination)
        var template = Array("\(folder)/.\(FileIO.baseName(of: destination)).mailtls-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw .errno(destination, "cannot create a temporary file in \(folder)") }
        let temporaryPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var failure: IOFailure?
        defer {
            close(fd)
            if failure != nil { unlink(temporaryPath) }
        }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                failure = .errno(destination, "write failed")
                throw failure!
            }
            done += n
        }
        if let (uid, gid) = owner, getuid() == 0 { _ = fchown(fd, uid, gid) }
        guard fchmod(fd, permissions & 0o777) == 0 else {
            failure = .errno(destination, "cannot set permissions")
            throw failure!
        }
        if durable, fsync(fd) != 0 {
            failure = .errno(destination, "fsync failed")
            throw failure!
        }
        return Staged(temporaryPath: temporaryPath, destination: destination, mode: mode)
    }

    /// Moves a staged file into place. On failure the temporary file is removed and the
    /// destination is as it was.
    public func commit(_ staged: Staged) throws(IOFailure) {
        switch staged.mode {
        case .createNew:
            guard link(staged.temporaryPath, staged.destination) == 0 else {
                let failure = IOFailure.errno(staged.destination, "cannot create")
                unlink(staged.temporaryPath)
                if failure.isExistingDestination {
                    throw IOFailure(path: staged.destination, reason: "output exists (use --force to overwrite)", isExistingDestination: true)
                }
                throw failure
            }
            unlink(staged.temporaryPath)
        case .replace:
            guard rename(staged.temporaryPath, staged.destination) == 0 else {
                let failure = IOFailure.errno(staged.destination, "cannot replace")
                unlink(staged.temporaryPath)
                throw failure
            }
        }
        if durable { FileIO.syncDirectory(FileIO.directory(of: staged.destination)) }
    }

    /// Removes a staged file that will not be committed.
    public func discard(_ staged: Staged) {
        unlink(staged.temporaryPath)
    }

    /// Stage and commit in one step.
    public func write(_ bytes: [UInt8], to destination: String, mode: Mode, permissions: mode_t, owner: (uid_t, gid_t)? = nil) throws(IOFailure) {
        try commit(stage(bytes, for: destination, mode: mode, permissions: permissions, owner: owner))
    }

    /// Keeps the current content of `path` as `backupPath` before an in-place replace: a hard
    /// link when the file system allows it (instant, exact), else a copy written atomically.
    public func backUp(_ path: String, to backupPath: String, original: [UInt8], facts: FileFacts, overwrite: Bool) throws(IOFailure) {
        if FileIO.exists(backupPath) {
            // Our own backup from an interrupted run (a link to this very file, or the same
            // bytes): it already holds what a new backup would, so a rerun goes on.
            if Self.holdsSameContent(backupPath, as: path, original: original) { return }
            guard overwrite else {
                throw IOFailure(path: backupPath, reason: "backup exists (use --force to replace it, or --backup-suffix)", isExistingDestination: true)
            }
        } else if link(path, backupPath) == 0 {
            if durable { FileIO.syncDirectory(FileIO.directory(of: backupPath)) }
            return
        }
        try write(original, to: backupPath, mode: .replace, permissions: facts.mode, owner: (facts.owner, facts.group))
    }

    /// Whether `backupPath` is the same file as `path` or has exactly the bytes `original`.
    static func holdsSameContent(_ backupPath: String, as path: String, original: [UInt8]) -> Bool {
        var backup = stat(), current = stat()
        guard lstat(backupPath, &backup) == 0, (backup.st_mode & S_IFMT) == S_IFREG else { return false }
        if stat(path, &current) == 0, backup.st_dev == current.st_dev, backup.st_ino == current.st_ino { return true }
        return FileIO.holds(backupPath, exactly: original)
    }
}
