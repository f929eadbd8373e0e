#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed file operation: which path, what the system said.
public struct IOFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String
    /// True when the failure is "the destination exists" (a refusal, not an I/O fault).
    public var isExistingDestination: Bool
    /// The report's error code: `refused` for a deliberate refusal, `too-large` for a file over
    /// the size limit, else `exists` or `io`.
    public var code: String { isRefusal ? "refused" : isTooLarge ? "too-large" : isExistingDestination ? "exists" : "io" }
    /// A deliberate refusal (e.g. a client has the file open), not a failed operation.
    public var isRefusal = false
    /// The file is larger than the limit it was read with (callers name their own option).
    public var isTooLarge = false

    public init(path: String, reason: String, isExistingDestination: Bool = false, isRefusal: Bool = false) {
        self.path = path
        self.reason = reason
        self.isExistingDestination = isExistingDestination
        self.isRefusal = isRefusal
    }

    static func errno(_ path: String, _ what: String, _ code: Int32 = Glibc.errno) -> IOFailure {
        IOFailure(path: path, reason: "\(what): \(String(cString: strerror(code)))", isExistingDestination: code == EEXIST)
    }

    public var description: String { reason }
}

/// Facts about an input file needed to write its output like it.
public struct FileFacts: Sendable, Equatable {
    public var size: Int
    /// Permission bits (`st_mode & 0o7777`).
    public var mode: mode_t
    public var owner: uid_t
    public var group: gid_t
    public var isRegular: Bool
    public var linkCount: Int
}

public enum FileIO {
    /// Default largest file read (16 MiB): settings files are kilobytes; anything larger is
    /// refused without being read.
    public static let defaultSizeLimit = 16 << 20

    public static func facts(_ path: String) throws(IOFailure) -> FileFacts {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .errno(path, "cannot stat") }
        return FileFacts(
            size: Int(info.st_size), mode: info.st_mode & 0o7777, owner: info.st_uid, group: info.st_gid,
            isRegular: (info.st_mode & S_IFMT) == S_IFREG, linkCount: Int(info.st_nlink))
    }

    /// Reads a whole regular file of at most `limit` bytes. Larger files are refused from
    /// their size, before any byte is read.
    public static func read(_ path: String, limit: Int = defaultSizeLimit) throws(IOFailure) -> (bytes: [UInt8], facts: FileFacts) {
        // O_NONBLOCK: opening a FIFO or a device must not wait for a writer; anything that is
        // not a regular file is then refused. (The flag changes nothing for regular files.)
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw .errno(path, "cannot open") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .errno(path, "cannot stat") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw IOFailure(path: path, reason: "not a regular file") }
        let size = Int(info.st_size)
        guard size <= limit else {
            var failure = IOFailure(path: path, reason: "file is \(size) bytes, larger than the limit of \(limit) bytes")
            failure.isTooLarge = true
            throw failure
        }
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + done, size - done) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { throw .errno(path, "read failed") }
            if n == 0 { break }  // the file shrank while we read it
            done += n
        }
        if done < size { bytes.removeSubrange(done...) }
        let facts = FileFacts(
            size: done, mode: info.st_mode & 0o7777, owner: info.st_uid, group: info.st_gid,
            isRegular: true, linkCount: Int(info.st_nlink))
        return (bytes, facts)
    }

    /// Whether `path` is a regular file holding exactly `bytes`: the one test for "this
    /// destination already has the result" (a re-run, a backup from an interrupted run).
    public static func holds(_ path: String, exactly bytes: [UInt8]) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == bytes.count else { return false }
        return (try? read(path, limit: bytes.count).bytes) == bytes
    }

    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    public static func baseName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// Creates `path` and its parents (like `mkdir -p`), mode 0755.
    public static func makeDirectories(_ path: String) throws(IOFailure) {
        guard !path.isEmpty, !exists(path) else { return }
        try makeDirectories(directory(of: path))
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw .errno(path, "cannot create folder") }
    }

    /// Flushes a directory's entries (after a rename) to disk.
    public static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
