#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Yields the files to process from command-line paths and file lists, lazily: a folder is
/// read one directory at a time, and a list is read as it streams in, so memory does not
/// grow with the number of files.
///
/// In folders, symbolic links are not followed (so a walk never leaves the tree or loops),
/// and mailtls's own files are passed over: outputs (`*-smtps.*`), backups (`*.bak`) and
/// temporary files (`.*.mailtls-*`). A path named by the user is always taken as given.
public struct InputWalker: Sequence, IteratorProtocol {
    public enum Event: Sendable, Equatable {
        case file(FileTask)
        /// Something in a folder that is not processed (a symlink, a special file), with why.
        case passedOver(path: String, reason: String)
        /// A path that cannot be read at all.
        case unreadable(path: String, reason: String)
    }

    private var pending: [String]
    private var list: ListReader?
    /// Folders still to read, deepest last, each with its walk root.
    private var folders: [(path: String, root: String)] = []
    /// Entries of the folder being read, in name order.
    private var entries: [(path: String, root: String)] = []
    private let ownFile: (String) -> Bool

    /// - Parameters:
    ///   - paths: files and folders named on the command line.
    ///   - list: a file-list stream (`--files-from`), read after `paths`.
    ///   - ownFile: recognises mailtls's own outputs and backups by name, to skip in walks.
    public init(paths: [String], list: ListReader? = nil, ownFile: @escaping (String) -> Bool = { _ in false }) {
        self.pending = paths.reversed()
        self.list = list
        self.ownFile = ownFile
    }

    public mutating func next() -> Event? {
        while true {
            if let (path, root) = entries.popLast() {
                var info = stat()
                guard lstat(path, &info) == 0 else {
                    return .unreadable(path: path, reason: String(cString: strerror(errno)))
                }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: folders.append((path, root))
                case S_IFREG:
                    if ownFile(FileIO.baseName(of: path)) { continue }
                    return .file(FileTask(path: path, root: root, explicit: false))
                case S_IFLNK: return .passedOver(path: path, reason: "symbolic link (not followed in folders)")
                default: return .passedOver(path: path, reason: "not a regular file")
                }
                continue
            }
            if let (folder, root) = folders.popLast() {
                switch Self.list(folder) {
                case .success(let names): entries = names.sorted(by: >).map { (folder + "/" + $0, root) }
                case .failure(let reason): return .unreadable(path: folder, reason: reason)
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
                    folders.append((root, root))
                    continue
                }
                if named == nil, ownFile(FileIO.baseName(of: path)) { continue }
                return .file(FileTask(path: path, root: named == nil ? "" : nil, explicit: named != nil))
            }
            return nil
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
    private let descriptor: Int32
    private let separator: UInt8
    private var buffer: [UInt8] = []
    private var start = 0
    private var finished = false

    /// - Parameters:
    ///   - descriptor: an open file descriptor (0 for standard input).
    ///   - nulSeparated: names end in NUL (`-0`, `find -print0`) rather than newline.
    public init(descriptor: Int32, nulSeparated: Bool) {
        self.descriptor = descriptor
        self.separator = nulSeparated ? 0 : UInt8(ascii: "\n")
    }

    /// Opens a list file (`-` = standard input).
    public static func open(_ path: String, nulSeparated: Bool) throws(IOFailure) -> ListReader {
        if path == "-" { return ListReader(descriptor: 0, nulSeparated: nulSeparated) }
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw IOFailure(path: path, reason: "cannot open file list: \(String(cString: strerror(errno)))") }
        return ListReader(descriptor: fd, nulSeparated: nulSeparated)
    }

    deinit {
        if descriptor > 2 { close(descriptor) }
    }

    /// The next non-empty name, or nil at the end.
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
            if n <= 0 {
                finished = true
            } else {
                buffer.append(contentsOf: chunk[0..<n])
            }
        }
    }
}
