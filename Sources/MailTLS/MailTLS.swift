@_exported import MailTLSCore

/// The adapters built into this tool, one group per module under `Sources/Adapters/`.
public enum BuiltInAdapters {
    /// Every built-in adapter, in a stable order: format-specific modules by name, then generic
    /// (profile-driven) ones, each as the module lists them.
    public static func registry(environment: AdapterEnvironment = AdapterEnvironment()) throws(InputError) -> AdapterRegistry {
        var adapters: [any Adapter] = []
        var genericCount = 0
        let all = GeneratedAdapterModules.all
        let modules = all.filter { !$0.isGeneric } + all.filter { $0.isGeneric }
        for module in modules {
            let added = try module.adapters(environment: environment)
            adapters += added
            if module.isGeneric { genericCount += added.count }
        }
        return AdapterRegistry(adapters, genericCount: genericCount)
    }

    /// Names of the adapter modules compiled in.
    public static var moduleNames: [String] {
        GeneratedAdapterModules.all.map { String(describing: $0).replacing("Module", with: "") }
    }
}
