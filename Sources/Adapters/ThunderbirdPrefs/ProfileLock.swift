import Foundation

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
        let url = URL(fileURLWithPath: path)
        // Thunderbird only reads user.js; it never writes it back, so editing it is safe while
        // Thunderbird runs (the change takes effect at the next start).
        if url.lastPathComponent.lowercased() == "user.js" { return nil }
        let folder = url.deletingLastPathComponent()
        for name in lockNames where exists(folder.appendingPathComponent(name).path) {
            return "Thunderbird seems to have this profile open (\(name) in \(folder.path)): it rewrites "
                + "prefs.js when it exits, which would undo the change. Quit Thunderbird and run again "
                + "(a lock left by a crash is stale)"
        }
        return nil
    }

    /// lstat, not stat: the Linux `lock` symlink points nowhere and must still count.
    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }
}
