// swift-tools-version:6.1
//
// The libFuzzer harness for mailtls's adapter parsers. A separate package so that the fuzzer
// flags never reach the normal build: build it with
//
//     swift build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer
//
// and run it once per adapter (MAILTLS_FUZZ_ADAPTER=<name>), as scripts/fuzz.sh does.
import Foundation
import PackageDescription

/// SwiftPM names a path dependency after its folder, which differs between clones (a worktree,
/// CI's checkout), so the product reference below uses whatever the folder is called.
let rootFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

let package = Package(
    name: "mailtls-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "mailtls-fuzz",
            dependencies: [.product(name: "MailTLS", package: rootFolder.lastPathComponent)],
            swiftSettings: [.unsafeFlags(["-parse-as-library", "-enable-experimental-feature", "Extern"])]
        ),
    ]
)
