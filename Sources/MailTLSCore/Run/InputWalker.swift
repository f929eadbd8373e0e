#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Yields the files to process from command-line paths and file lists, lazily: a folder is
/// read one directory at a time, and a list is read as it streams in, so memory does not
/// grow with the number of files.
///
/// A folder is walked depth first, the entries of every folder in byte order of their names,
/// so reports come in the same order on every machine. Symbolic links in folders are not
/// followed (a walk never leaves the tree or loops), and mailtls's own outputs and backups
/// are passed over with a reason when their source is beside them (`OwnFiles`). A path named
/// by the user or listed in `--files-from` is always taken as given.
public struct InputWalker: Sequence, IteratorProtocol, Sendable {
    public enum Event: Sendable, Equatable {
        case file(FileTask)
        /// Something in a folder that is not processed, with the report's `reason`:
        /// `own-output`, `backup`, `symlink` or `not-regular-file`.
        case passedOver(path: String, reason: String)
        /// A path that cannot be read at all.
        case unreadable(path: String, reason: String)
    }

    /// A folder being read: its entries in byte order, and the next one to take.
    private struct Level {
        var folder: String
        var root: String
        var names: [String]
        var next = 0

        /// Whether the folder has an entry `name` (binary search; `names` is in byte order).
        func contains(_ name: String) -> Bool {
            var low = 0, high = names.count
            while low < high {
                let middle = (low + high) / 2
                if names[middle] == name { return true }
                if InputWalker.precedes(names[middle], name) { low = middle + 1 } else { high = middle }
            }
            return false
        }
    }

    private var pending: [String]
    private var list: ListReader?
    /// The folders being walked, innermost last.
    private var levels: [Level] = []
    private let ownFiles: OwnFiles

    /// - Parameters:
    ///   - paths: files and folders named on the command line.
    ///   - list: a file-list stream (`--files-from`), read after `paths`.
    ///   - ownFiles: recognises mailtls's own outputs and backups, to pass over in folders.
    public init(paths: [String], list: ListReader? = nil, ownFiles: OwnFiles = .none) {
        self.pending = paths.reversed()
        self.list = list
        self.ownFiles = ownFiles
    }

    /// Byte order of names (not Unicode collation): the same on every machine and locale.
    static func precedes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    public mutating func next() -> Event? {
        while true {
            if var level = levels.popLast() {
                guard level.next < level.names.count else { continue }
                let name = level.names[level.next]
                level.next += 1
                levels.append(level)
                let path = level.folder + "/" + name
                var info = stat()
                guard lstat(path, &info) == 0 else {
                    return .unreadable(path: path, reason: String(cString: strerror(errno)))
                }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    if let event = enter(path, root: level.root) { return event }
                case S_IFREG:
                    if OwnFiles.isTemporary(name) { continue }
                    if let reason = ownFiles.reason(for: name, siblings: { level.contains($0) }) {
                        return .passedOver(path: path, reason: reason)
                    }
                    return .file(FileTask(path: path, root: level.root, explicit: false))
                case S_IFLNK: return .passedOver(path: path, reason: "symlink")
                default: return .passedOver(path: path, reason: "not-regular-file")
                }
                continue
            }
            // Paths named on the command line are explicit (an unrecognised one is an error);
            // paths from a list are treated like a folder's files (skipped when unrecognised)
            // and mirrored into --output-dir as written in the list.
            let named = pending.popLast()
            if let path = named ?? list?.next() {
                var info = stat()
                guard stat(path, &info) == 0 else {
                    return .unreadable(path: path, reason: String(cString: strerror(errno)))
                }
                if (info.st_mode & S_IFMT) == S_IFDIR {
                    let root = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
                    if let event = enter(root, root: root) { return event }
                    continue
                }
                if named == nil, OwnFiles.isTemporary(FileIO.baseName(of: path)) { continue }
                return .file(FileTask(path: path, root: named == nil ? "" : nil, explicit: named != nil))
            }
            if let list, let failure = list.takeFailure() {
                return .unreadable(path: list.name, reason: failure)
            }
            return nil
        }
    }

    /// Starts reading a folder; an event when it cannot be read.
    private mutating func enter(_ folder: String, root: String) -> Event? {
        switch Self.list(folder) {
        case .success(let names):
            levels.append(Level(folder: folder, root: root, names: names.sorted(by: Self.precedes)))
            return nil
        case .failure(let reason):
            return .unreadable(path: folder, reason: reason)
        }
    }

    private enum Listing { case success([String]), failure(String) }

    private static func list(_ folder: String) -> Listing {
        guard let directory = opendir(folder) else { return .failure(String(cString: strerror(errno))) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return .success(names)
    }
}

/// Reads file names from a file descriptor as they arrive, separated by newlines or NULs.
public final class ListReader: @unchecked Sendable {
    /// The list's path as given (`-` for standard input), for messages.
    public let name: String
    private let descriptor: Int32
    /// Why reading stopped early, until the walker reports it.
    private var failure: String?
    private let separator: UInt8
    private var buffer: [UInt8] = []
    private var start = 0
    private var finished = false

    /// - Parameters:
    ///   - descriptor: an open file descriptor (0 for standard input).
    ///   - nulSeparated: names end in NUL (`-0`, `find -print0`) rather than newline.
    public init(descriptor: Int32, nulSeparated: Bool, name: String = "-") {
        self.name = name
        self.descriptor = descriptor
        self.separator = nulSeparated ? 0 : UInt8(ascii: "\n")
    }

    /// Opens a list file (`-` = standard input).
    public static func open(_ path: String, nulSeparated: Bool) throws(IOFailure) -> ListReader {
        if path == "-" { return ListReader(descriptor: 0, nulSeparated: nulSeparated) }
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw IOFailure(path: path, reason: "cannot open the file list: \(String(cString: strerror(errno)))") }
        return ListReader(descriptor: fd, nulSeparated: nulSeparated, name: path)
    }

    deinit {
        if descriptor > 2 { close(descriptor) }
    }

    /// Why the list could not be read to its end, once; nil when it was (or already told).
    public func takeFailure() -> String? {
        defer { failure = nil }
        return failure
    }

    /// The next non-empty name, or nil at the end (or on a read error: see `takeFailure`).
    public func next() -> String? {
        while true {
            if let end = buffer[start...].firstIndex(of: separator) {
                let name = buffer[start..<end]
                start = end + 1
                var text = String(decoding: name, as: UTF8.self)
                if separator != 0, text.hasSuffix("\r") { text.removeLast() }
                if !text.isEmpty { return text }
                continue
            }
            if finished {
                guard start < buffer.count else { return nil }
                let text = String(decoding: buffer[start...], as: UTF8.self)
                start = buffer.count
                return text.isEmpty ? nil : text
            }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, 65536) }
            if n < 0, errno == EINTR { continue }
            if n < 0 { failure = "cannot read the file list: \(String(cString: strerror(errno)))" }
            if n <= 0 {
                finished = true
            } else {
                buffer.append(contentsOf: chunk[0..<n])
            }
        }
    }
}
