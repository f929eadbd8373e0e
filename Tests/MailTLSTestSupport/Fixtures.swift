import Foundation
import MailTLSCore

/// Test files under `Tests/Fixtures/<adapter>/`, located from this source file so the suite
/// needs no resources and nothing outside the package.
public enum Fixtures {
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    public static func url(_ folder: String, _ name: String) -> URL {
        root.appendingPathComponent(folder).appendingPathComponent(name)
    }

    public static func bytes(_ folder: String, _ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url(folder, name)))
    }

    public static func input(_ folder: String, _ name: String) throws -> InputFile {
        InputFile(name: name, bytes: try bytes(folder, name))
    }

    /// All inputs in a folder: files that are not `*.expected.*`.
    public static func inputs(_ folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
        return names.filter { !$0.contains(".expected.") && !$0.hasPrefix(".") && !$0.hasSuffix(".md") }.sorted()
    }

    /// The expected-output name for an input: `a.prf` -> `a.expected.prf`.
    public static func expectedName(for input: String) -> String {
        guard let dot = input.lastIndex(of: ".") else { return input + ".expected" }
        return input[..<dot] + ".expected" + input[dot...]
    }

    /// The expected output bytes, or nil when the fixture is meant to stay unchanged.
    public static func expected(_ folder: String, _ input: String) -> [UInt8]? {
        try? bytes(folder, expectedName(for: input))
    }

    /// A bundled example (`examples/...`, relative to the repository root), named by its file name.
    public static func example(_ path: String) throws -> InputFile {
        let url = packageRoot.appendingPathComponent(path)
        return InputFile(name: url.lastPathComponent, bytes: [UInt8](try Data(contentsOf: url)))
    }

    /// The path of the repository root (for CLI tests that run the built binary).
    public static var packageRoot: URL { root.deletingLastPathComponent().deletingLastPathComponent() }
}
