import Foundation

/// The provider table of a run (README, "Before you convert"): the built-in file, then the user's
/// tables from the search path, then `--provider-table` files, each overriding the ones before
/// it. Mirrors how key-value profiles are found, so users meet one convention.
public enum ProviderCatalog {
    /// The built-in table's text (`Sources/MailTLS/Resources/providers.txt`).
    public static var builtInBytes: [UInt8] { PackageResources.providers_txt }

    /// Loads the table. `files` are the `--provider-table` options; `variables` the environment.
    public static func load(files: [String], variables: [String: String]) throws(InputError) -> ProviderTable {
        var table = ProviderTable()
        table.add(try ProviderTableParser.parse(builtInBytes, origin: "built-in"))
        for path in searchPathFiles(variables) + files {
            table.add(try ProviderTableParser.parse(try read(path), origin: path))
        }
        return table
    }

    /// The folders searched for `*.txt` tables, lowest priority first:
    /// `$MAILTLS_PROVIDER_PATH` (colon-separated), then `$XDG_CONFIG_HOME/mailtls/providers`
    /// (default `$HOME/.config/mailtls/providers`).
    public static func searchFolders(_ variables: [String: String]) -> [String] {
        var folders = (variables["MAILTLS_PROVIDER_PATH"] ?? "").split(separator: ":").map(String.init)
        if let xdg = variables["XDG_CONFIG_HOME"], !xdg.isEmpty {
            folders.append(xdg + "/mailtls/providers")
        } else if let home = variables["HOME"], !home.isEmpty {
            folders.append(home + "/.config/mailtls/providers")
        }
        return folders
    }

    /// `*.txt` files of the search folders, each folder sorted by name. Missing folders are
    /// normal.
    static func searchPathFiles(_ variables: [String: String]) -> [String] {
        searchFolders(variables).flatMap { folder -> [String] in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            return names.filter { $0.hasSuffix(".txt") && !$0.hasPrefix(".") }.sorted().map { folder + "/" + $0 }
        }
    }

    private static func read(_ path: String) throws(InputError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(.invalidValue, "provider table \(path): cannot read the file")
        }
        guard data.count <= 1 << 20 else { throw InputError(.invalidValue, "provider table \(path): larger than 1 MiB") }
        return [UInt8](data)
    }
}
