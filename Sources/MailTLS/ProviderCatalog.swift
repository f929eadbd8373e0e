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
        for path in userFiles.files(variables) + files {
            table.add(try ProviderTableParser.parse(try read(path), origin: path))
        }
        return table
    }

    /// Where user tables live: `$MAILTLS_PROVIDER_PATH`, then `$XDG_CONFIG_HOME/mailtls/providers`.
    public static let userFiles = UserDataFiles(pathVariable: "MAILTLS_PROVIDER_PATH", subfolder: "providers", suffix: ".txt")

    private static func read(_ path: String) throws(InputError) -> [UInt8] {
        do {
            return try FileIO.read(path, limit: 1 << 20).bytes
        } catch {
            throw InputError(.invalidValue, "provider table \(path): " + (error.reason.contains("larger than") ? "larger than 1 MiB" : "cannot read the file (\(error.reason))"))
        }
    }
}
