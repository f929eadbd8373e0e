import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory new-adapter --name Becky --extension ini`
///
/// Scaffolds a client adapter: the module under Sources/Adapters/<Name>/, its test target,
/// fixture and example folders with notes, and its entry in Package.swift's `adapters` list
/// (from which the build generates the registry). Everything is checked before anything is
/// written, and nothing existing is overwritten.
@main
struct NewAdapterCommand: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let names = extractor.extractOption(named: "name")
        let extensions = extractor.extractOption(named: "extension")
        let adapterNames = extractor.extractOption(named: "adapter-name")
        guard extractor.remainingArguments.isEmpty else {
            throw ScaffoldError.usage("unexpected arguments: \(extractor.remainingArguments.joined(separator: " "))")
        }
        guard names.count <= 1, extensions.count <= 1, adapterNames.count <= 1 else {
            throw ScaffoldError.usage("give each option once")
        }
        let request = try ScaffoldRequest(name: names.first, fileExtension: extensions.first, adapterName: adapterNames.first)
        try Scaffolder(root: context.package.directoryURL, request: request).run()
    }
}

/// Checks and writes the scaffold for one request under the package root `root`.
struct Scaffolder {
    let root: URL
    let request: ScaffoldRequest

    private var fileManager: FileManager { .default }

    func run() throws {
        let templates = ScaffoldTemplates(request: request)
        let manifestURL = root.appending(path: "Package.swift")
        let manifest = try String(contentsOf: manifestURL, encoding: .utf8)
        let editor = AdapterListEditor(manifest: manifest)

        // Refuse before writing anything.
        let listed = try editor.listedModules()
        if let clash = listed.first(where: { $0.caseInsensitiveCompare(request.moduleName) == .orderedSame }) {
            throw ScaffoldError.conflict("an adapter module named \(clash) is already listed in Package.swift")
        }
        for folder in ["Sources/Adapters/\(request.moduleName)", "Tests/Adapters/\(request.moduleName)Tests"] where exists(folder) {
            throw ScaffoldError.conflict("\(folder)/ already exists; pick another --name or remove it")
        }
        let updatedManifest = try editor.adding(request.moduleName)

        var created: [String] = []
        for file in templates.newFiles {
            try write(file.content, to: file.path)
            created.append(file.path)
        }
        for note in templates.notes where !exists(note.path) {
            try write(note.content, to: note.path)
            created.append(note.path)
        }
        try updatedManifest.write(to: manifestURL, atomically: true, encoding: .utf8)

        print("new-adapter: created the \(request.adapterName) adapter (module \(request.moduleName))")
        for path in created { print("  created  \(path)") }
        print("  edited   Package.swift (adapters: (\"\(request.moduleName)\", []))")
        print("""

            Next steps (docs/adding-a-client.md walks through them):
              1. Put a real sample and its converted form in Tests/Fixtures/\(request.adapterName)/
                 (NAME.\(request.fileExtension) and NAME.expected.\(request.fileExtension); bad-*.\(request.fileExtension) for malformed input).
              2. Fill in the TODOs in Sources/Adapters/\(request.moduleName)/\(request.moduleName)Adapter.swift: detect, scan, edits.
              3. Remove `.disabled` from the golden test in Tests/Adapters/\(request.moduleName)Tests/ and add rule tests.
              4. swift build && swift run mailtls adapters        # lists \(request.adapterName)
                 swift test --filter '\(request.moduleName)Tests|ConformanceTests'
            """)
    }

    private func exists(_ path: String) -> Bool {
        fileManager.fileExists(atPath: root.appending(path: path).path)
    }

    private func write(_ content: String, to path: String) throws {
        let url = root.appending(path: path)
        try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard !fileManager.fileExists(atPath: url.path) else {
            throw ScaffoldError.conflict("\(path) already exists")
        }
        try content.write(to: url, atomically: true, encoding: .utf8)
    }
}
