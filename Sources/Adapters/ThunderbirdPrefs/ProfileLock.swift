#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether Thunderbird has the profile holding a file open. A running Thunderbird writes its
/// whole prefs.js back on exit (and about 500 ms after any pref change), which would silently
/// undo an in-place edit.
enum ProfileLock {
    /// The lock files Mozilla applications create in an open profile folder: `lock` (a
    /// symlink on Linux, usually dangling: its target is "address:+pid"), `.parentlock`
    /// (macOS) and `parent.lock` (Windows).
    static let lockNames = ["lock", ".parentlock", "parent.lock"]

    /// The situation only: the caller adds the remedy ("use --force"), once.
    static func hazard(forFileAt path: String) -> String? {
        let (folder, file) = split(absolute(path))
        // Thunderbird only reads user.js; it never writes it back, so editing it is safe while
        // Thunderbird runs (the change takes effect at the next start).
        if file.lowercased() == "user.js" { return nil }
        for name in lockNames where exists(folder == "/" ? "/" + name : folder + "/" + name) {
            return "Thunderbird seems to have this profile open (\(name) in \(folder)): it rewrites "
                + "prefs.js when it exits, which would undo the change. Quit Thunderbird and run again "
                + "(a lock left by a crash is stale)"
        }
        return nil
    }

    /// `path` from the root (the message names the profile folder in full).
    private static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        guard let cwd = getcwd(nil, 0) else { return path }
        defer { free(cwd) }
        let base = String(cString: cwd)
        return base.hasSuffix("/") ? base + path : base + "/" + path
    }

    /// The folder holding a file (without a trailing slash, `/` for the root) and its name.
    private static func split(_ path: String) -> (folder: String, name: String) {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return (".", String(trimmed)) }
        let folder = trimmed[..<slash]
        return (folder.isEmpty ? "/" : String(folder), String(trimmed[trimmed.index(after: slash)...]))
    }

    /// lstat, not stat: the Linux `lock` symlink points nowhere and must still count.
    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }
}
