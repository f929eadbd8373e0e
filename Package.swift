// swift-tools-version:6.1
//
// mailtls: rewrites mail-client settings files so SMTP uses implicit TLS (465).
//
// Adapters are discovered, not listed: every folder under Sources/Adapters/ becomes a library
// target of that name (with its tests in Tests/Adapters/<Name>Tests/ when present), and the
// `MailTLS` library depends on all of them. The `AdapterRegistryPlugin` build plugin then writes
// the registry from that dependency list. Adding a client therefore means adding folders only;
// see docs/adding-a-client.md and docs/design/registry.md.
import Foundation
import PackageDescription

let root = Context.packageDirectory
let fileManager = FileManager.default

func subfolders(_ path: String) -> [String] {
    let names = (try? fileManager.contentsOfDirectory(atPath: root + "/" + path)) ?? []
    return names.filter { name in
        var isDirectory: ObjCBool = false
        return !name.hasPrefix(".")
            && fileManager.fileExists(atPath: root + "/" + path + "/" + name, isDirectory: &isDirectory)
            && isDirectory.boolValue
    }.sorted()
}

/// Files under `Sources/Adapters/<name>/Resources/` are compiled into the module
/// (`PackageResources.<file_name>`), so the tool ships as a single binary.
func embeddedResources(of adapter: String) -> [Resource] {
    let folder = "Sources/Adapters/\(adapter)/Resources"
    let files = (try? fileManager.contentsOfDirectory(atPath: root + "/" + folder)) ?? []
    return files.filter { !$0.hasPrefix(".") }.sorted().map { .embedInCode("Resources/" + $0) }
}

let adapterNames = subfolders("Sources/Adapters")
let adapterTestNames = Set(subfolders("Tests/Adapters"))

let adapterTargets: [Target] = adapterNames.map { name in
    .target(
        name: name,
        dependencies: ["MailTLSCore", "MailTLSXML"],
        path: "Sources/Adapters/\(name)",
        exclude: [],
        resources: embeddedResources(of: name)
    )
}

let adapterTestTargets: [Target] = adapterNames.filter { adapterTestNames.contains($0 + "Tests") }.map { name in
    .testTarget(
        name: name + "Tests",
        dependencies: [.target(name: name), "MailTLSCore", "MailTLSTestSupport"],
        path: "Tests/Adapters/\(name)Tests"
    )
}

let package = Package(
    name: "mailtls",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mailtls", targets: ["mailtls"]),
        .library(name: "MailTLS", targets: ["MailTLS"]),
        .plugin(name: "new-adapter", targets: ["NewAdapterCommand"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(name: "MailTLSCore"),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .target(name: "MailTLSXML", dependencies: ["CLibXML2", "MailTLSCore"]),
        .target(
            name: "MailTLS",
            dependencies: ["MailTLSCore"] + adapterNames.map { .target(name: $0) },
            plugins: ["AdapterRegistryPlugin"]
        ),
        .executableTarget(
            name: "mailtls",
            dependencies: [
                "MailTLS",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "AdapterRegistryGenerator", path: "Plugins/AdapterRegistryGenerator"),
        .plugin(
            name: "AdapterRegistryPlugin",
            capability: .buildTool(),
            dependencies: ["AdapterRegistryGenerator"]
        ),
        .plugin(
            name: "NewAdapterCommand",
            capability: .command(
                intent: .custom(verb: "new-adapter", description: "Scaffold a new client adapter module"),
                permissions: [.writeToPackageDirectory(reason: "Creates Sources/Adapters/<Name>, its tests and examples")]
            )
        ),
        .target(name: "MailTLSTestSupport", dependencies: ["MailTLS", "MailTLSCore"], path: "Tests/MailTLSTestSupport"),
        .testTarget(name: "MailTLSCoreTests", dependencies: ["MailTLSCore", "MailTLSTestSupport"]),
        .testTarget(name: "MailTLSXMLTests", dependencies: ["MailTLSXML", "MailTLSTestSupport"]),
        .testTarget(name: "ConformanceTests", dependencies: ["MailTLS", "MailTLSTestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["MailTLSTestSupport"]),
    ] + adapterTargets + adapterTestTargets
)
