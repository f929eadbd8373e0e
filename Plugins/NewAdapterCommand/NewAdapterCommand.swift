import PackagePlugin

@main
struct NewAdapterCommand: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        print("new-adapter: not yet implemented")
    }
}
