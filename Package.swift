// swift-tools-version:6.1
//
// mailtls: rewrites mail-client settings files so SMTP uses implicit TLS (465).
//
// Each client adapter is one module under Sources/Adapters/, named once in `adapters` below.
// The `MailTLS` library depends on all of them, and the `AdapterRegistryPlugin` build plugin
// writes the registry from that dependency list, so the list below is the only place an
// adapter is named. See docs/adding-a-client.md and docs/design/registry.md.
import PackageDescription

/// The client adapters. Each is a module in `Sources/Adapters/<Name>/` with its tests in
/// `Tests/Adapters/<Name>Tests/`; files named in `resources` live in the module's `Resources/`
/// folder and are compiled into it. `swift package new-adapter` adds a line here. (The list is
/// explicit because SwiftPM caches the evaluated manifest: a folder scan here would miss a new
/// folder until Package.swift itself changed.)
let adapters: [(name: String, resources: [String])] = [
    ("AppleMobileconfig", []),
    ("K9Settings", []),
    ("KeyValue", [
        "aerc.json", "claws.json", "evolution.json", "git.json", "kmail.json", "msmtp.json", "mutt.json",
        "nullmailer.json", "opensmtpd.json", "postfix.json", "reg.json", "roundcube.json", "ssmtp.json",
    ]),
    ("OutlookAutodiscover", []),
    ("OutlookExpressIAF", []),
    ("OutlookPRF", []),
    ("ThunderbirdAutoconfig", []),
    ("ThunderbirdPrefs", []),
    ("WindowsMail", []),
]

/// Packages an adapter needs beyond the core and MailTLSXML, so that only that module links them.
let adapterPackageDependencies: [String: [Target.Dependency]] = [
    // Signed profiles are CMS SignedData: read with a real DER parser.
    "AppleMobileconfig": [.product(name: "SwiftASN1", package: "swift-asn1")],
]

let adapterTargets: [Target] = adapters.map { adapter in
    .target(
        name: adapter.name,
        dependencies: ["MailTLSCore", "MailTLSXML"] + adapterPackageDependencies[adapter.name, default: []],
        path: "Sources/Adapters/\(adapter.name)",
        resources: adapter.resources.map { .embedInCode("Resources/" + $0) }
    )
}

let adapterTestTargets: [Target] = adapters.map(\.name).map { name in
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
        // Only for `swift package generate-documentation` (the DocC catalog in Sources/MailTLS);
        // a command plugin, so nothing of it is built unless that command runs.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // Only for `--probe` / `mailtls probe` (module MailTLSProbe, used by the executable alone):
        // the core, the adapters, the MailTLS library and the fuzz package build without them.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
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
            dependencies: ["MailTLSCore"] + adapters.map { .target(name: $0.name) },
            resources: [.embedInCode("Resources/providers.txt")],
            plugins: ["AdapterRegistryPlugin"]
        ),
        // The network probe (README, "Before you convert"): implements MailTLSCore's `Prober` with
        // SwiftNIO and NIOSSL. Nothing else depends on it but the executable and its tests.
        .target(
            name: "MailTLSProbe",
            dependencies: [
                "MailTLSCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .executableTarget(
            name: "mailtls",
            dependencies: [
                "MailTLS",
                "MailTLSProbe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: [
                // `--static-swift-stdlib` links with `-export-dynamic` (for programs that load
                // Swift plugins, which mailtls never does): every Swift symbol would be exported,
                // kept by `--gc-sections` and looked through by `dladdr` at start-up. Without it
                // the static binary is about 2 MB smaller and starts faster; a no-op otherwise.
                .unsafeFlags(["-Xlinker", "--no-export-dynamic"], .when(platforms: [.linux])),
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
        .testTarget(
            name: "MailTLSProbeTests",
            dependencies: [
                "MailTLSProbe", "MailTLSTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            exclude: ["Certificates"]
        ),
    ] + adapterTargets + adapterTestTargets
)
