import Foundation

/// Runs the built `mailtls` executable, for end-to-end tests.
public struct CommandRunner {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var stdoutBytes: [UInt8]
    }

    /// The `mailtls` binary `swift test` built next to the test bundle.
    public static var binary: URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("mailtls"),
            Bundle.main.bundleURL.appendingPathComponent("mailtls"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("mailtls"),
            Fixtures.packageRoot.appendingPathComponent(".build/debug/mailtls"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }

    /// Runs `mailtls arguments...` in `directory` with `stdin` as input.
    public static func run(
        _ arguments: [String], in directory: URL? = nil, stdin: [UInt8] = [], environment: [String: String]? = nil
    ) throws -> Result {
        try run(program: binary, arguments, in: directory, stdin: stdin, environment: environment)
    }

    /// Runs another program (a script, `script(1)` for a pseudo-terminal) the same way.
    public static func run(
        program: URL, _ arguments: [String], in directory: URL? = nil, stdin: [UInt8] = [], environment: [String: String]? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        // A child that exits before reading its input closes the pipe; writing to it must give
        // an error here, not a SIGPIPE that kills the whole test process.
        signal(SIGPIPE, SIG_IGN)
        try process.run()
        if !stdin.isEmpty { try? input.fileHandleForWriting.write(contentsOf: Data(stdin)) }
        try? input.fileHandleForWriting.close()
        // Read both pipes concurrently so a full pipe never blocks the child.
        nonisolated(unsafe) var errorData = Data()
        let reader = Thread { errorData = error.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errorData, as: UTF8.self), stdoutBytes: [UInt8](outData))
    }
}

/// A temporary folder removed when the test ends.
public final class TemporaryFolder {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("mailtls-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        // Restore write permission on anything a test made read-only, then remove.
        if let items = FileManager.default.enumerator(atPath: url.path) {
            for case let item as String in items { chmod(url.appendingPathComponent(item).path, 0o755) }
        }
        chmod(url.path, 0o755)
        try? FileManager.default.removeItem(at: url)
    }

    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    public func write(_ name: String, _ bytes: [UInt8], mode: Int = 0o644) throws -> String {
        let target = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: target)
        chmod(target.path, mode_t(mode))
        return target.path
    }

    public func copyFixture(_ folder: String, _ name: String, as newName: String? = nil) throws -> String {
        try write(newName ?? name, try Fixtures.bytes(folder, name))
    }

    public func read(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: url.appendingPathComponent(name))) }

    public func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

    /// Names of all files below the folder, sorted.
    public func files() -> [String] {
        (FileManager.default.enumerator(atPath: url.path)?.compactMap { $0 as? String } ?? [])
            .filter { !isDirectory($0) }.sorted()
    }

    private func isDirectory(_ name: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path(name), isDirectory: &flag) && flag.boolValue
    }

    public func mode(_ name: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path(name))[.posixPermissions] as? Int) ?? -1
    }
}
