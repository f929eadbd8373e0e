#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where outputs go, by mode.
public enum OutputPaths {
    /// `dir/name.ext` -> `dir/name<suffix>.ext`; a name without extension (or a dotfile such
    /// as `.msmtprc`) gets the suffix at the end.
    public static func beside(_ path: String, suffix: String) -> String {
        let folder = path.contains("/") ? FileIO.directory(of: path) + "/" : ""
        let name = FileIO.baseName(of: path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return folder + name + suffix }
        return folder + name[..<dot] + suffix + name[dot...]
    }

    /// The input's path relative to `root`, placed under `folder`. A file named directly (no
    /// root) keeps only its name; a file from a list (root `""`) keeps its path as listed.
    /// `.` and `..` components are dropped, so an output never lands outside `folder`.
    public static func mirrored(_ path: String, root: String?, into folder: String) -> String {
        let relative: String
        if let root, root.isEmpty {
            relative = path
        } else if let root, path.hasPrefix(root.hasSuffix("/") ? root : root + "/") {
            relative = String(path.dropFirst(root.hasSuffix("/") ? root.count : root.count + 1))
        } else {
            relative = FileIO.baseName(of: path)
        }
        let parts = relative.split(separator: "/").filter { $0 != "." && $0 != ".." }
        return (folder.hasSuffix("/") ? folder : folder + "/") + parts.joined(separator: "/")
    }

    /// The real file behind a symlink, so `--in-place` edits the target and keeps the link.
    public static func resolvingSymlinks(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(decoding: UnsafeBufferPointer(start: UnsafeRawPointer(resolved).assumingMemoryBound(to: UInt8.self), count: strlen(resolved)), as: UTF8.self)
    }
}
