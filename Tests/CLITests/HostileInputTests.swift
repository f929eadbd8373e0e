import Foundation
import MailTLS
import MailTLSTestSupport
import Testing

/// Hostile inputs end to end (issue 9): each ends in one clear error line naming the file, exit
/// 65 (bad input) or 74 (I/O), while a good file in the same run is still converted and no
/// partial output or temporary file is left behind. Cases that need a canary file, an entity
/// bomb or deep nesting run once an XML adapter is registered; cases that need a full disk or
/// a read-only mount as root are in scripts/hostile-inputs.sh.
@Suite struct HostileInputTests {
    static let registry = try? BuiltInAdapters.registry()
    static let adapterNames: [String] = registry?.adapters.map(\.name) ?? []
    static var isRoot: Bool { getuid() == 0 }
    static var hasXMLAdapter: Bool { adapterNames.contains("windows-mail") }

    // MARK: text encodings

    @Test(arguments: adapterNames)
    func nulByteInATextFormatIsRejected(_ adapterName: String) throws {
        guard let sample = try TextSample.first(for: adapterName) else { return }
        var bytes = sample.bytes
        let unit = sample.encoding == .utf16LE || sample.encoding == .utf16BE ? 2 : 1
        let middle = sample.encoding.bomLength + (bytes.count - sample.encoding.bomLength) / 2 / unit * unit
        bytes.insert(contentsOf: [UInt8](repeating: 0, count: unit), at: middle)
        let run = try HostileRun(badName: "nul-" + sample.name, badBytes: bytes)
        run.expectRejected(exit: 65, code: "unsupported-format", mentioning: "NUL character")
    }

    @Test(arguments: adapterNames)
    func unpairedUTF16SurrogateIsRejected(_ adapterName: String) throws {
        guard let sample = try TextSample.first(for: adapterName), let adapter = Self.registry?.adapter(named: adapterName) else { return }
        let text = sample.encoding.decode(sample.bytes[sample.encoding.bomLength...])
        let utf16 = [0xFF, 0xFE] + TextEncoding.utf16LE.encode(text)
        // Only formats that read UTF-16 at all can be handed a broken UTF-16 file.
        guard (try? Convert.run(InputFile(name: sample.name, bytes: utf16), with: adapter))?.output != nil else { return }
        var bytes = utf16
        bytes.insert(contentsOf: [0x00, 0xD8], at: 2 + (utf16.count - 2) / 4 * 2)  // a lone high surrogate
        let run = try HostileRun(badName: "surrogate-" + sample.name, badBytes: bytes)
        run.expectRejected(exit: 65, code: "encoding", mentioning: "unpaired surrogate")
    }

    @Test func invalidUTF8AfterABOMIsRejected() throws {
        guard let sample = try TextSample.all().first(where: { $0.encoding == .utf8(bom: false) }) else { return }
        let bytes = [0xEF, 0xBB, 0xBF] + Array(sample.bytes.prefix(sample.bytes.count / 2)) + [0xC3, 0x28] + Array(sample.bytes.dropFirst(sample.bytes.count / 2))
        let run = try HostileRun(badName: "bad-utf8-" + sample.name, badBytes: bytes)
        run.expectRejected(exit: 65, code: nil, mentioning: nil)
    }

    // MARK: size

    /// A 100 MB file is refused from its size before a byte is read (default limit 16 MiB).
    /// The file is sparse, so the test costs no disk.
    @Test func hundredMegabyteSingleLineFileIsRefusedBySize() throws {
        let folder = try TemporaryFolder()
        let good = try GoodSample.copy(into: folder)
        let big = try folder.write("big-one-line.prf", Array("[Internet Account List]\rAccount1=I_Mail ".utf8))
        #expect(truncate(big, 100_000_000) == 0)
        let result = try CommandRunner.run(["convert", "--json", big, good.path])
        HostileRun.expect(result, folder: folder, bad: big, good: good, exit: 74, code: "too-large", mentioning: "larger than the limit")
    }

    @Test func maxSizeOptionRefusesSmallerFiles() throws {
        let folder = try TemporaryFolder()
        let good = try GoodSample.copy(into: folder)
        let other = try GoodSample.copy(into: folder, as: "other")
        let limit = min(good.input.count, other.input.count) - 1
        let result = try CommandRunner.run(["convert", "--json", "--max-size", String(limit), other.path])
        #expect(result.status == 74)
        #expect(result.stderr.contains("larger than the limit of \(limit) bytes"))
        #expect(folder.files() == [good.name, other.name])
    }

    // MARK: file system oddities

    @Test func symlinkLoopsInATreeArePassedOver() throws {
        let folder = try TemporaryFolder()
        let good = try GoodSample.copy(into: folder, subfolder: "tree")
        symlink("loop-b", folder.path("tree/loop-a"))
        symlink("loop-a", folder.path("tree/loop-b"))
        symlink(".", folder.path("tree/self"))
        symlink("..", folder.path("tree/parent"))
        let result = try CommandRunner.run(["convert", "--json", folder.path("tree")])
        #expect(result.status == 0, "\(result.stderr)")
        let reports = try HostileRun.reports(result)
        #expect(reports.filter { $0.status == "skipped" }.count == 4)
        #expect(try folder.read(good.outputName(in: "tree")) == good.expected)
        // Named on the command line, a looping link is an I/O error for that path alone.
        let named = try CommandRunner.run(["convert", "--json", folder.path("tree/loop-a"), good.path])
        #expect(named.status == 74)
        #expect(named.stderr.split(separator: "\n").filter { $0.contains("loop-a") }.count == 1)
        #expect(named.stderr.contains("Too many levels of symbolic links"))
        #expect(folder.files().filter { $0.contains(".mailtls-") }.isEmpty)
    }

    @Test func deviceFileNamedOnTheCommandLineIsRefused() throws {
        let folder = try TemporaryFolder()
        let good = try GoodSample.copy(into: folder)
        let result = try CommandRunner.run(["convert", "--json", "/dev/zero", good.path])
        #expect(result.status == 74)
        #expect(result.stderr.contains("mailtls: /dev/zero: not a regular file"))
        #expect(try folder.read(good.outputName()) == good.expected)
    }

    @Test(.enabled(if: !isRoot, "root reads a mode-000 file; scripts/hostile-inputs.sh covers it as root with setpriv"))
    func unreadableFileIsAnIOErrorAndOthersConvert() throws {
        let folder = try TemporaryFolder()
        let good = try GoodSample.copy(into: folder)
        let locked = try folder.write("locked.prf", good.input, mode: 0o000)
        let result = try CommandRunner.run(["convert", "--json", locked, good.path])
        HostileRun.expect(result, folder: folder, bad: locked, good: good, exit: 74, code: "io", mentioning: "Permission denied")
    }

    @Test(.enabled(if: !isRoot, "root writes into a mode-555 folder; scripts/hostile-inputs.sh uses a read-only mount"))
    func readOnlyOutputFolderIsAnIOError() throws {
        let folder = try TemporaryFolder()
        let good = try GoodSample.copy(into: folder, subfolder: "in")
        try FileManager.default.createDirectory(atPath: folder.path("out"), withIntermediateDirectories: true)
        chmod(folder.path("out"), 0o555)
        let result = try CommandRunner.run(["convert", "--output-dir", folder.path("out"), good.path])
        #expect(result.status == 74)
        #expect(result.stderr.contains("Permission denied"))
        #expect(folder.files() == ["in/" + good.name])
    }

    /// A write that fails half way (the file-size limit stands in for a full disk) removes its
    /// temporary file and leaves no output; the input is untouched.
    @Test func failedWriteLeavesNoTemporaryFile() throws {
        let folder = try TemporaryFolder()
        let good = try GoodSample.copy(into: folder)
        let limitKiB = 1
        try #require(good.expected.count > limitKiB * 1024, "sample too small for the size limit")
        for mode in [["convert"], ["convert", "--in-place", "--no-backup"], ["convert", "--output-dir", folder.path("out")]] {
            let script = "trap '' XFSZ; ulimit -f \(limitKiB); exec \"$0\" \"$@\""
            let result = try Shell.run(["/bin/bash", "-c", script, CommandRunner.binary.path] + mode + [good.path])
            #expect(result.status == 74, "\(mode): \(result.stderr)")
            #expect(result.stderr.contains("File too large"), "\(mode): \(result.stderr)")
            #expect(folder.files() == [good.name], "\(mode): \(folder.files())")
            #expect(try folder.read(good.name) == good.input)
        }
    }

    /// `--in-place` with a backup: the backup link is made before the converted file is
    /// written, and stays when that write fails. Known issue (core): the file is untouched, but
    /// the leftover backup makes a rerun refuse ("backup exists").
    @Test func failedInPlaceWriteLeavesNoBackupBehind() throws {
        let folder = try TemporaryFolder()
        let good = try GoodSample.copy(into: folder)
        let script = "trap '' XFSZ; ulimit -f 1; exec \"$0\" \"$@\""
        let result = try Shell.run(["/bin/bash", "-c", script, CommandRunner.binary.path, "convert", "--in-place", good.path])
        #expect(result.status == 74)
        #expect(try folder.read(good.name) == good.input)
        #expect(folder.files() == [good.name], "the backup made for the failed write is removed")
    }

    /// A destination that cannot be replaced (a folder in its place) fails at the rename; the
    /// temporary file is removed. (`-o FOLDER` is refused as a usage error before that.)
    @Test func failedRenameLeavesNoTemporaryFile() throws {
        let folder = try TemporaryFolder()
        let good = try GoodSample.copy(into: folder)
        try FileManager.default.createDirectory(atPath: folder.path("taken/\(good.name)/inside"), withIntermediateDirectories: true)
        let result = try CommandRunner.run(["convert", "--force", "--output-dir", folder.path("taken"), good.path])
        #expect(result.status == 74)
        #expect(result.stderr.split(separator: "\n").filter { $0.contains("mailtls: ") && $0.contains("taken") }.count == 1)
        #expect(folder.files() == [good.name], "no temporary file, no output")
    }

    /// A FIFO named on the command line: a plain open would block until a writer comes; it is
    /// opened without waiting and refused as not a regular file (bounded by a timeout).
    @Test func fifoNamedOnTheCommandLineIsRefused() throws {
        let folder = try TemporaryFolder()
        let fifo = folder.path("pipe.prf")
        try #require(mkfifo(fifo, 0o644) == 0)
        let result = try Shell.run([CommandRunner.binary.path, "convert", fifo], deadline: 3)
        #expect(!result.timedOut, "still blocked after 3 s")
        #expect(result.status == 74)
        #expect(result.stderr.contains("not a regular file"))
        #expect(folder.files().filter { $0.contains(".mailtls-") }.isEmpty)
    }

    // MARK: permissions

    @Test(arguments: [0o600, 0o640, 0o644, 0o400])
    func outputsNeverGetWiderModesThanInputs(_ mode: Int) throws {
        let folder = try TemporaryFolder()
        let good = try GoodSample.copy(into: folder, mode: mode)
        let besides = try CommandRunner.run(["convert", good.path])
        #expect(besides.status == 0, "\(besides.stderr)")
        #expect(try folder.mode(good.outputName()) == mode)
        #expect(try CommandRunner.run(["convert", "-o", folder.path("named.out"), good.path]).status == 0)
        #expect(try folder.mode("named.out") == mode)
        #expect(try CommandRunner.run(["convert", "--output-dir", folder.path("mirror"), good.path]).status == 0)
        #expect(try folder.mode("mirror/" + good.name) == mode)
        let inPlace = try CommandRunner.run(["convert", "--in-place", good.path])
        #expect(inPlace.status == 0, "\(inPlace.stderr)")
        #expect(try folder.mode(good.name) == mode)
        #expect(try folder.mode(good.name + ".bak") == mode)
        #expect(folder.files().filter { $0.contains(".mailtls-") }.isEmpty)
    }

    // MARK: XML (once an XML adapter is registered)

    @Test(.enabled(if: hasXMLAdapter, "needs the windows-mail XML adapter"))
    func externalEntityNeverReadsTheCanary() throws {
        let folder = try TemporaryFolder()
        let good = try GoodSample.copy(into: folder)
        let canaryText = "CANARY-\(UUID().uuidString)"
        let canary = try folder.write("canary.txt", Array(canaryText.utf8))
        let xxe = try folder.write("xxe.oeaccount", Array("""
            <?xml version="1.0" encoding="utf-8"?>
            <!DOCTYPE MessageAccount [<!ENTITY leak SYSTEM "file://\(canary)">]>
            <MessageAccount><Account_Name type="SZ">&leak;</Account_Name>
            <SMTP_Server type="SZ">smtp.example.com</SMTP_Server><SMTP_Port type="DWORD">0000024b</SMTP_Port>
            <SMTP_Secure_Connection type="DWORD">00000001</SMTP_Secure_Connection></MessageAccount>
            """.utf8))
        for arguments in [["convert", "--json", "--diff", xxe, good.path], ["inspect", xxe], ["inspect", "--json", xxe], ["check", "--diff", xxe]] {
            let result = try CommandRunner.run(arguments)
            #expect(result.status == 65, "\(arguments)")
            #expect(result.stderr.split(separator: "\n").filter { $0.contains(xxe) }.count == 1, "\(arguments): \(result.stderr)")
            #expect(!result.stdout.contains(canaryText) && !result.stderr.contains(canaryText), "canary leaked by \(arguments)")
        }
        for name in folder.files() where name != "canary.txt" {
            #expect(!String(decoding: try folder.read(name), as: UTF8.self).contains(canaryText), "canary in \(name)")
        }
        #expect(!folder.exists("xxe-smtps.oeaccount"))
    }

    /// The shared bomb fixture has an `Autodiscover` root.
    @Test(.enabled(if: adapterNames.contains("outlook-autodiscover"), "needs the outlook-autodiscover XML adapter"))
    func entityBombIsRejected() throws {
        let folder = try TemporaryFolder()
        let good = try GoodSample.copy(into: folder)
        let bomb = try folder.copyFixture("malformed", "billion-laughs.xml", as: "bomb.xml")
        let result = try CommandRunner.run(["convert", "--json", bomb, good.path])
        HostileRun.expect(result, folder: folder, bad: bomb, good: good, exit: 65, code: "xml-entity-expansion", mentioning: nil)
    }

    @Test(.enabled(if: hasXMLAdapter, "needs the windows-mail XML adapter"))
    func deeplyNestedXMLIsRejectedOrReadWithoutCrashing() throws {
        let folder = try TemporaryFolder()
        let good = try GoodSample.copy(into: folder)
        let depth = 100_000
        let nested = "<?xml version=\"1.0\"?>\n<MessageAccount>" + String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth) + "</MessageAccount>\n"
        let deep = try folder.write("deep.oeaccount", Array(nested.utf8))
        let result = try CommandRunner.run(["convert", "--json", deep, good.path])
        #expect(result.status == 65 || result.status == 0, "exit \(result.status): \(result.stderr)")
        #expect(try folder.read(good.outputName()) == good.expected)
        #expect(!folder.exists("deep-smtps.oeaccount"))
    }
}

/// A converting fixture (a PRF when that adapter is registered, else the first adapter's): the
/// good file each hostile run converts alongside the bad one.
struct GoodSample {
    let name: String
    let path: String
    let input: [UInt8]
    let expected: [UInt8]

    static func copy(into folder: TemporaryFolder, as stem: String? = nil, subfolder: String? = nil, mode: Int = 0o644) throws -> GoodSample {
        let registry = try #require(HostileInputTests.registry)
        // A PRF first when there is one (a text sample large enough for the size-limit tests).
        for adapter in registry.adapters.sorted(by: { $0.name == "outlook-prf" && $1.name != "outlook-prf" }) {
            for input in Fixtures.inputs(adapter.name) where !input.hasPrefix("bad-") {
                guard let expected = Fixtures.expected(adapter.name, input) else { continue }
                let bytes = try Fixtures.bytes(adapter.name, input)
                // Big enough for the file-size-limit test, and converted by default options.
                guard expected.count > 2048, try Convert.bytes(InputFile(name: input, bytes: bytes), with: adapter) == expected else { continue }
                let name = stem.map { $0 + "-" + input } ?? input
                let relative = subfolder.map { $0 + "/" + name } ?? name
                let path = try folder.write(relative, bytes, mode: mode)
                return GoodSample(name: name, path: path, input: bytes, expected: expected)
            }
        }
        throw SampleMissing()
    }

    /// Where `convert` writes this sample's output by default (`<stem>-smtps.<ext>`).
    func outputName(in subfolder: String? = nil) -> String {
        let output = OutputPaths.beside(name, suffix: "-smtps")
        return subfolder.map { $0 + "/" + output } ?? output
    }

    struct SampleMissing: Error {}
}

/// A text fixture of one adapter that converts, with its encoding.
struct TextSample {
    let name: String
    let bytes: [UInt8]
    let encoding: TextEncoding

    static func first(for adapterName: String) throws -> TextSample? {
        try all(adapterName).first
    }

    static func all(_ only: String? = nil) throws -> [TextSample] {
        var samples: [TextSample] = []
        for adapter in HostileInputTests.registry?.adapters ?? [] where only == nil || adapter.name == only {
            for input in Fixtures.inputs(adapter.name) where !input.hasPrefix("bad-") && Fixtures.expected(adapter.name, input) != nil {
                let file = try Fixtures.input(adapter.name, input)
                guard let encoding = (try? Convert.run(file, with: adapter))?.textEncoding else { continue }
                samples.append(TextSample(name: input, bytes: file.bytes, encoding: encoding))
            }
        }
        return samples
    }
}

/// One run of `convert --json BAD GOOD` and the checks every hostile case shares.
struct HostileRun {
    let folder: TemporaryFolder
    let bad: String
    let good: GoodSample
    let result: CommandRunner.Result

    init(badName: String, badBytes: [UInt8]) throws {
        folder = try TemporaryFolder()
        good = try GoodSample.copy(into: folder)
        bad = try folder.write(badName, badBytes)
        result = try CommandRunner.run(["convert", "--json", bad, good.path])
    }

    func expectRejected(exit: Int32, code: String?, mentioning text: String?) {
        Self.expect(result, folder: folder, bad: bad, good: good, exit: exit, code: code, mentioning: text)
    }

    static func expect(
        _ result: CommandRunner.Result, folder: TemporaryFolder, bad: String, good: GoodSample, exit: Int32, code: String?,
        mentioning text: String?, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.status == exit, "exit \(result.status): \(result.stderr)", sourceLocation: sourceLocation)
        let lines = result.stderr.split(separator: "\n").filter { $0.contains(bad) }
        #expect(lines.count == 1, "one error line naming the file: \(lines)", sourceLocation: sourceLocation)
        if let text { #expect(lines.first?.contains(text) == true, "\(lines)", sourceLocation: sourceLocation) }
        let reports = (try? reports(result)) ?? []
        let badReport = reports.first { $0.path == bad }
        #expect(badReport?.status == "error", sourceLocation: sourceLocation)
        if let code { #expect(badReport?.code == code, "\(String(describing: badReport))", sourceLocation: sourceLocation) }
        #expect(reports.first { $0.path == good.path }?.status == "converted", "the good file is still converted", sourceLocation: sourceLocation)
        #expect((try? folder.read(good.outputName())) == good.expected, sourceLocation: sourceLocation)
        // Nothing else: no output for the bad file, no temporary files.
        let expectedFiles = Set([FileIO.baseName(of: bad), good.name, good.outputName()])
        let extra = folder.files().filter { !expectedFiles.contains($0) && $0 != "canary.txt" }
        #expect(extra.isEmpty, "left behind: \(extra)", sourceLocation: sourceLocation)
    }

    struct Report {
        var path: String
        var status: String
        var code: String?
    }

    static func reports(_ result: CommandRunner.Result) throws -> [Report] {
        try result.stdout.split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return Report(
                path: object["path"] as? String ?? "", status: object["status"] as? String ?? "",
                code: (object["error"] as? [String: Any])?["code"] as? String)
        }
    }
}

/// Runs a program other than mailtls directly (a shell that sets limits first), or mailtls
/// with a deadline. The deadline is enforced here with SIGKILL, not with timeout(1): a child of
/// the test process may inherit blocked signals, and then timeout's own alarm never fires.
enum Shell {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var timedOut: Bool
    }

    static func run(_ arguments: [String], deadline seconds: Double? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        let output = Pipe(), error = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = error
        try process.run()
        nonisolated(unsafe) var outData = Data(), errorData = Data()
        let readers = [
            Thread { outData = output.fileHandleForReading.readDataToEndOfFile() },
            Thread { errorData = error.fileHandleForReading.readDataToEndOfFile() },
        ]
        readers.forEach { $0.start() }
        var timedOut = false
        if let seconds {
            let end = Date().addingTimeInterval(seconds)
            while process.isRunning, Date() < end { usleep(10_000) }
            if process.isRunning {
                timedOut = true
                kill(process.processIdentifier, SIGKILL)
            }
        }
        process.waitUntilExit()
        while readers.contains(where: { !$0.isFinished }) { usleep(1000) }
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errorData, as: UTF8.self), timedOut: timedOut)
    }
}
