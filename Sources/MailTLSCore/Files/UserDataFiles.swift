#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where users keep data files of their own for mailtls (key-value profiles, provider tables):
/// each folder of a colon-separated `$MAILTLS_<KIND>_PATH`, then
/// `$XDG_CONFIG_HOME/mailtls/<kind>` (default `$HOME/.config/mailtls/<kind>`). One rule for
/// every kind, so the README, the man page and the code say the same thing.
public struct UserDataFiles: Sendable {
    /// The environment variable naming extra folders (`MAILTLS_PROFILE_PATH`).
    public let pathVariable: String
    /// The folder below `$XDG_CONFIG_HOME/mailtls` (`profiles`).
    public let subfolder: String
    /// The file-name suffix of the data files (`.json`).
    public let suffix: String

    public init(pathVariable: String, subfolder: String, suffix: String) {
        self.pathVariable = pathVariable
        self.subfolder = subfolder
        self.suffix = suffix
    }

    /// The folders searched, lowest priority first.
    public func folders(_ variables: [String: String]) -> [String] {
        var folders = (variables[pathVariable] ?? "").split(separator: ":").map(String.init)
        if let xdg = variables["XDG_CONFIG_HOME"], !xdg.isEmpty {
            folders.append(xdg + "/mailtls/" + subfolder)
        } else if let home = variables["HOME"], !home.isEmpty {
            folders.append(home + "/.config/mailtls/" + subfolder)
        }
        return folders
    }

    /// The data files of those folders, each folder's sorted by name; hidden files are left
    /// out. A missing folder is normal (nobody has to create them).
    public func files(_ variables: [String: String]) -> [String] {
        folders(variables).flatMap { folder in
            Self.names(in: folder).filter { $0.hasSuffix(suffix) && !$0.hasPrefix(".") }.sorted().map { folder + "/" + $0 }
        }
    }

    /// The names in `folder` (none when it is missing or unreadable), on the C library.
    static func names(in folder: String) -> [String] {
        guard let dir = opendir(folder) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }
}
