import Foundation
import PackagePlugin

/// Generates `GeneratedAdapterModules.swift` for the target it is applied to (MailTLS) from
/// that target's dependencies that live under `Sources/Adapters/`. Those come from the one
/// `adapters` list in Package.swift (which `swift package new-adapter` edits), so the registry
/// cannot drift from what is built.
@main
struct AdapterRegistryPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let adaptersFolder = context.package.directoryURL.appending(path: "Sources/Adapters").standardizedFileURL.path
        let modules = target.dependencies.compactMap { dependency -> SourceModuleTarget? in
            guard case .target(let dependencyTarget) = dependency else { return nil }
            return dependencyTarget.sourceModule
        }.filter { $0.directoryURL.standardizedFileURL.path.hasPrefix(adaptersFolder + "/") }
        let output = context.pluginWorkDirectoryURL.appending(path: "GeneratedAdapterModules.swift")
        return [
            .buildCommand(
                displayName: "Generating adapter registry (\(modules.count) modules)",
                executable: try context.tool(named: "AdapterRegistryGenerator").url,
                arguments: [output.path] + modules.map(\.moduleName),
                inputFiles: [],
                outputFiles: [output]
            )
        ]
    }
}
