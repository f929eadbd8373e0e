@_exported import MailTLSCore

/// The adapters built into this tool, one group per module under `Sources/Adapters/`.
public enum BuiltInAdapters {
    /// Every built-in adapter, in a stable order (by module name, then as the module lists them).
    public static func registry(environment: AdapterEnvironment = AdapterEnvironment()) throws(InputError) -> AdapterRegistry {
        var adapters: [any Adapter] = []
        for module in GeneratedAdapterModules.all {
            adapters += try module.adapters(environment: environment)
        }
        return AdapterRegistry(adapters)
    }

    /// Names of the adapter modules compiled in.
    public static var moduleNames: [String] {
        GeneratedAdapterModules.all.map { String(describing: $0).replacingOccurrences(of: "Module", with: "") }
    }
}
