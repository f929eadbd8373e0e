import Foundation
import MailTLSTestSupport
import Testing

/// The command-line contract a script relies on (rules §4, §5, §7): own outputs and backups in
/// folders, re-runs, `-o`, `-q`, the progress line on a terminal, and the small things a user
/// trips over. Each test runs the built binary.
@Suite struct CLIContractTests {
    static let converting = ("outlook-prf", "oct-pop3-tls587.prf")
    /// Nothing to convert, one "left as is" warning (plaintext on 587).
    static let warning = ("outlook-prf", "o2003-usessl-465.prf")

    func jsonLines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    func lines(_ text: String) -> [Substring] { text.split(separator: "\n") }

    // MARK: 1. own outputs and backups

    @Test func aFileNamedLikeAnOutputIsAnInputUnlessItsSourceIsBeside() throws {
        let folder = try TemporaryFolder()
        try folder.write("d/office-smtps.msmtprc", try Fixtures.bytes("msmtp", "basic.msmtprc"))
        let alone = try CommandRunner.run(["check", folder.path("d")])
        #expect(alone.status == 1, "\(alone.stderr)")
        #expect(alone.stderr.contains("mailtls: 1 file: 0 converted, 1 would convert"))

        _ = try folder.copyFixture(Self.converting.0, Self.converting.1, as: "e/a.prf")
        _ = try folder.copyFixture(Self.converting.0, Self.converting.1, as: "e/a-smtps.prf")
        _ = try folder.copyFixture(Self.converting.0, Self.converting.1, as: "e/a.prf.bak")
        let beside = try CommandRunner.run(["check", "--json", folder.path("e")])
        let records = try jsonLines(beside.stdout)
        #expect(records.map { "\($0["status"] ?? "") \($0["reason"] ?? "-")" } == ["skipped own-output", "would-convert -", "skipped backup"])
        #expect(beside.stderr.contains("3 files: 0 converted, 1 would convert, 0 unchanged, 2 skipped"))

        // Named on the command line or in a list: always processed.
        let named = try CommandRunner.run(["check", "--json", folder.path("e/a-smtps.prf"), folder.path("e/a.prf.bak")])
        #expect(try jsonLines(named.stdout).map { $0["status"] as? String } == ["would-convert", "would-convert"])
        let listed = try CommandRunner.run(["check", "--json", "--files-from", "-"], stdin: Array((folder.path("e/a-smtps.prf") + "\n").utf8))
        #expect(try jsonLines(listed.stdout).map { $0["status"] as? String } == ["would-convert"])
    }

    // MARK: 2. re-runs

    @Test func rerunningTheBulkScriptSucceeds() throws {
        let folder = try TemporaryFolder()
        _ = try folder.copyFixture(Self.converting.0, Self.converting.1, as: "in/sub/one.prf")
        _ = try folder.copyFixture("msmtp", "basic.msmtprc", as: "in/two.msmtprc")
        var environment = ProcessInfo.processInfo.environment
        environment["MAILTLS"] = CommandRunner.binary.standardizedFileURL.path
        func runScript() throws -> (Int32, String) {
            let script = Fixtures.packageRoot.appendingPathComponent("examples/bulk-convert.sh").path
            let result = try CommandRunner.run(
                program: URL(fileURLWithPath: "/bin/bash"), [script, folder.path("in"), folder.path("out")], environment: environment)
            return (result.status, result.stdout)
        }
        let first = try runScript()
        #expect(first.0 == 0)
        #expect(first.1.contains("converted: 2  unchanged: 0  skipped: 0  errors: 0"))
        let again = try runScript()
        #expect(again.0 == 0, "\(again.1)")
        #expect(again.1.contains("converted: 0  unchanged: 2  skipped: 0  errors: 0"))
        // A destination with other bytes is still refused without --force.
        try folder.write("out/two.msmtprc", Array("mine\n".utf8))
        let other = try runScript()
        #expect(other.0 == 74)
        #expect(try folder.read("out/two.msmtprc") == Array("mine\n".utf8))
    }

    @Test(arguments: [[String](), ["-o", "OUT"], ["--output-dir", "DIR"]])
    func aDestinationAlreadyHoldingTheResultIsUnchanged(mode: [String]) throws {
        let folder = try TemporaryFolder()
        let input = try folder.copyFixture(Self.converting.0, Self.converting.1, as: "a.prf")
        let arguments = ["convert", "--json"] + mode.map { $0 == "OUT" ? folder.path("out.prf") : $0 == "DIR" ? folder.path("dir") : $0 } + [input]
        let first = try CommandRunner.run(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try jsonLines(first.stdout).first?["status"] as? String == "converted")
        let written = try #require(try jsonLines(first.stdout).first?["output"] as? String)
        let again = try CommandRunner.run(arguments)
        #expect(again.status == 0, "\(again.stderr)")
        let record = try #require(try jsonLines(again.stdout).first)
        #expect(record["status"] as? String == "unchanged")
        #expect(record["output"] as? String == written)
        // Other bytes there: refused (74), kept.
        try Data("other".utf8).write(to: URL(fileURLWithPath: written))
        let refused = try CommandRunner.run(arguments)
        #expect(refused.status == 74)
        #expect(try Data(contentsOf: URL(fileURLWithPath: written)) == Data("other".utf8))
    }

    // MARK: 3-5. -o

    @Test func outputTakesExactlyOneInputFile() throws {
        let folder = try TemporaryFolder()
        _ = try folder.copyFixture(Self.converting.0, Self.converting.1, as: "dir/a.prf")
        _ = try folder.copyFixture(Self.converting.0, Self.converting.1, as: "dir/b.prf")
        let toFile = try CommandRunner.run(["convert", "-o", folder.path("out.prf"), "--force", folder.path("dir") + "/"])
        #expect(toFile.status == 64)
        #expect(toFile.stderr.contains("is a folder (use --output-dir)"))
        let toStandardOutput = try CommandRunner.run(["convert", "-o", "-", folder.path("dir")])
        #expect(toStandardOutput.status == 64)
        #expect(toStandardOutput.stdout.isEmpty)
        try FileManager.default.createDirectory(atPath: folder.path("existing"), withIntermediateDirectories: true)
        let intoFolder = try CommandRunner.run(["convert", "-o", folder.path("existing"), folder.path("dir/a.prf")])
        #expect(intoFolder.status == 64)
        #expect(intoFolder.stderr.contains("-o \(folder.path("existing")): is a folder, use --output-dir"))
        #expect(folder.files() == ["dir/a.prf", "dir/b.prf"])
    }

    @Test func outputDashWithDiffKeepsTheDiffOffStandardOutput() throws {
        let folder = try TemporaryFolder()
        let input = try folder.copyFixture(Self.converting.0, Self.converting.1)
        let result = try CommandRunner.run(["convert", "-o", "-", "--diff", input])
        #expect(result.status == 0)
        #expect(result.stdoutBytes == Fixtures.expected(Self.converting.0, Self.converting.1))
        #expect(result.stderr.contains("+SMTPPort=465"))
    }

    @Test func aNamedOutputReceivesAnUnchangedFile() throws {
        let folder = try TemporaryFolder()
        let input = try folder.copyFixture(Self.warning.0, Self.warning.1)
        let original = try Fixtures.bytes(Self.warning.0, Self.warning.1)
        let printed = try CommandRunner.run(["convert", "-o", "-", input])
        #expect(printed.status == 0)
        #expect(printed.stdoutBytes == original)
        let written = try CommandRunner.run(["convert", "--json", "-o", folder.path("copy.prf"), input])
        #expect(written.status == 0)
        #expect(try folder.read("copy.prf") == original)
        let record = try #require(try jsonLines(written.stdout).first)
        #expect(record["status"] as? String == "unchanged")
        #expect(record["output"] as? String == folder.path("copy.prf"))
        // Without -o nothing is written for it.
        #expect(try CommandRunner.run(["convert", input]).status == 0)
        #expect(folder.files() == ["copy.prf", Self.warning.1])
    }

    // MARK: 6. progress on a terminal

    /// Runs `mailtls arguments` under a pseudo-terminal (`script`), returning what the terminal got.
    func underTerminal(_ arguments: [String], in directory: URL) throws -> String {
        let command = ([CommandRunner.binary.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm"
        for name in ["NO_COLOR", "MAILTLS_NO_PROGRESS"] { environment[name] = nil }
        let result = try CommandRunner.run(program: URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"], in: directory, environment: environment)
        return result.stdout
    }

    /// Every progress draw (`\r ESC[2K mailtls: N/M files...`) is exactly the progress text,
    /// followed by its clearing, by the next draw, or by the end: never by another line glued
    /// to it. Works on bytes (a pty turns "\n" into "\r\n", one Swift `Character`).
    func progressDraws(_ terminal: String) throws -> (draws: [String], glued: [String]) {
        let bytes = Array(terminal.utf8), clear = Array("\r\u{1B}[2K".utf8), marker = clear + Array("mailtls: ".utf8)
        let shape = try Regex(#"[0-9]+(/[0-9]+)? files?, [0-9]+/s(, [0-9]+ s left)?"#)
        // The summary line ("mailtls: 40 files: ...") also follows a clearing; a draw has a comma.
        let drawStart = try Regex(#"[0-9]+(/[0-9]+)? files?,"#)
        var draws: [String] = [], glued: [String] = []
        var index = 0
        while index + marker.count < bytes.count {
            guard bytes[index..<index + marker.count].elementsEqual(marker), (0x30...0x39).contains(bytes[index + marker.count]) else {
                index += 1
                continue
            }
            let start = index + marker.count
            let end = bytes[start...].firstIndex { $0 == 0x0D || $0 == 0x0A || $0 == 0x1B } ?? bytes.count
            let text = String(decoding: bytes[start..<end], as: UTF8.self)
            index = end
            guard try drawStart.prefixMatch(in: text) != nil else { continue }
            draws.append(text)
            let next = bytes[end...]
            if (try shape.wholeMatch(in: text)) == nil || !(next.isEmpty || next.starts(with: clear)) { glued.append(text) }
        }
        return (draws, glued)
    }

    /// A bulk `convert` reports a whole batch at once, after its flush: each report line must
    /// still find the progress line cleared.
    @Test func progressLineIsClearedBeforeEveryOtherLineAndShowsTimeLeft() throws {
        let folder = try TemporaryFolder()
        var names: [String] = []
        for index in 0..<40 {
            let name = String(format: "f%02d.prf", index)
            names.append(name)
            _ = try folder.copyFixture(Self.converting.0, Self.converting.1, as: name)
        }
        let terminal = try underTerminal(["convert", "--output-dir", "out"] + names, in: folder.url)
        let (draws, glued) = try progressDraws(terminal)
        #expect(!draws.isEmpty, "no progress drawn: \(terminal.debugDescription.prefix(300))")
        #expect(glued.isEmpty, "\(glued)")
        // The total is known (named files): every draw shows it and the time left.
        #expect(draws.allSatisfy { $0.contains("/40 files") && $0.contains(" s left") }, "\(draws)")
        #expect(terminal.components(separatedBy: "f00.prf -> out/f00.prf: converted").count == 2)
        #expect(terminal.contains("mailtls: 40 files: 40 converted"))
    }

    @Test func progressLineCountsAFolderWhileItIsProcessed() throws {
        let folder = try TemporaryFolder()
        for index in 0..<300 { _ = try folder.copyFixture(Self.warning.0, Self.warning.1, as: String(format: "d/f%03d.prf", index)) }
        let terminal = try underTerminal(["check", "d"], in: folder.url)
        let (draws, glued) = try progressDraws(terminal)
        #expect(glued.isEmpty, "\(glued)")
        #expect(draws.contains { $0.contains("/300 files") && $0.contains(" s left") }, "\(draws)")
    }

    // MARK: 7. -q

    @Test func quietPrintsErrorsOnlyAndTheSummaryCountsWarnings() throws {
        let folder = try TemporaryFolder()
        for index in 0..<3 { _ = try folder.copyFixture(Self.warning.0, Self.warning.1, as: "d/w\(index).prf") }
        let loud = try CommandRunner.run(["check", folder.path("d")])
        #expect(lines(loud.stderr).filter { $0.contains("warning:") }.count == 3)
        #expect(loud.stderr.contains("0 errors, 3 warnings"))
        let quiet = try CommandRunner.run(["check", "-q", folder.path("d")])
        #expect(quiet.status == 0)
        #expect(quiet.stderr.isEmpty)
        #expect(quiet.stdout.isEmpty)
        // In a walk only a file of a known format that fails to parse is an error (content decides).
        _ = try folder.copyFixture("malformed", "unterminated.js", as: "d/bad.js")
        let failing = try CommandRunner.run(["check", "-q", "--json", folder.path("d")])
        #expect(failing.status == 65)
        #expect(lines(failing.stderr).count == 2, "\(failing.stderr)")
        #expect(lines(failing.stderr).first?.hasPrefix("mailtls: \(folder.path("d/bad.js")): ") == true)
        #expect(failing.stderr.contains("1 error, 3 warnings"))
        #expect(try jsonLines(failing.stdout).compactMap { ($0["warnings"] as? [String])?.count }.reduce(0, +) == 3)
    }

    // MARK: 8. small things

    @Test(arguments: [
        ["convert", "--from-ports", "abc", "x"], ["check", "--format", "nope", "x"], ["convert", "--files-from", "/nonexistent/list"],
        ["inspect", "--protocols", "nntp", "x"],
    ])
    func validationErrorsShowTheSubcommandsUsage(_ arguments: [String]) throws {
        let result = try CommandRunner.run(arguments)
        #expect(result.status == 64)
        #expect(result.stderr.contains("Usage: mailtls \(arguments[0]) "), "\(result.stderr)")
        #expect(!result.stderr.contains("<subcommand>"))
    }

    @Test func portOptionsAreChecked() throws {
        let negative = try CommandRunner.run(["convert", "--to-port", "-5", "x"])
        #expect(negative.status == 64)
        #expect(negative.stderr.contains("-5 is not a port"))
        let empty = try CommandRunner.run(["convert", "--from-ports", "", "x"])
        #expect(empty.status == 64)
        #expect(empty.stderr.contains("--from-ports: '' is not a port"))
        let same = try CommandRunner.run(["check", "--to-port", "587", "x"])
        #expect(same.status == 64)
        #expect(same.stderr.contains("--to-port: 587 is one of --from-ports"))
    }

    @Test func filesFromErrorsNameTheList() throws {
        let folder = try TemporaryFolder()
        let missing = try CommandRunner.run(["check", "--files-from", folder.path("nope.txt")])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("--files-from \(folder.path("nope.txt")): cannot open"))
        try FileManager.default.createDirectory(atPath: folder.path("lists"), withIntermediateDirectories: true)
        let aFolder = try CommandRunner.run(["check", "--files-from", folder.path("lists")])
        #expect(aFolder.status == 64)
        #expect(aFolder.stderr.contains("--files-from \(folder.path("lists")): is a folder"))
    }

    @Test func aBadProfileInTheProfilePathIsSkippedWithAWarningButNotWithProfile() throws {
        let folder = try TemporaryFolder()
        let bad = try folder.write("profiles/bad.json", Array("{\n  \"name\": \"x\",\n  \"servers\": [1,,2]\n}\n".utf8))
        let input = try folder.copyFixture(Self.converting.0, Self.converting.1)
        var environment = ProcessInfo.processInfo.environment
        environment["MAILTLS_PROFILE_PATH"] = folder.path("profiles")
        let result = try CommandRunner.run(["check", input], environment: environment)
        #expect(result.status == 1, "the run goes on: \(result.stderr)")
        #expect(result.stderr.contains("mailtls: warning: profile \(bad): line 3, column 17: not valid JSON"))
        // With --format, option validation loads the profiles first; the run reuses that load
        // and still warns, once.
        let formatted = try CommandRunner.run(["check", "--format", "outlook-prf", input], environment: environment)
        #expect(formatted.status == 1, "\(formatted.stderr)")
        #expect(formatted.stderr.components(separatedBy: "mailtls: warning: profile \(bad)").count == 2, "\(formatted.stderr)")
        let quiet = try CommandRunner.run(["check", "-q", "--format", "outlook-prf", input], environment: environment)
        #expect(!quiet.stderr.contains("warning: profile"))
        let given = try CommandRunner.run(["check", "--profile", bad, input])
        #expect(given.status == 64)
        #expect(given.stderr.contains("profile \(bad): line 3, column 17: not valid JSON"))
    }

    @Test func countsArePluralisedRight() throws {
        let folder = try TemporaryFolder()
        let bad = try folder.copyFixture("malformed", "png.prf")
        let one = try CommandRunner.run(["check", bad])
        #expect(one.stderr.contains("mailtls: 1 file: 0 converted, 0 would convert, 0 unchanged, 0 skipped, 1 error, 0 warnings"))
    }

    @Test func aRelativeInputGivesARelativeOutput() throws {
        let folder = try TemporaryFolder()
        _ = try folder.copyFixture(Self.converting.0, Self.converting.1, as: "a.prf")
        _ = try folder.copyFixture(Self.converting.0, Self.converting.1, as: "b.prf")
        let inPlace = try CommandRunner.run(["convert", "--in-place", "--json", "a.prf"], in: folder.url)
        #expect(try jsonLines(inPlace.stdout).first?["output"] as? String == "a.prf")
        let beside = try CommandRunner.run(["convert", "--json", "./b.prf"], in: folder.url)
        #expect(try jsonLines(beside.stdout).first?["output"] as? String == "./b-smtps.prf")
        let mirrored = try CommandRunner.run(["convert", "--json", "--output-dir", "out", "b.prf"], in: folder.url)
        #expect(try jsonLines(mirrored.stdout).first?["output"] as? String == "out/b.prf")
    }

    @Test func controlCharactersInFileNamesAreEscaped() throws {
        let folder = try TemporaryFolder()
        _ = try folder.copyFixture("malformed", "unterminated.js", as: "d/bad\nname\u{1B}[31m.js")
        let result = try CommandRunner.run(["check", folder.path("d")])
        #expect(result.status == 65)
        #expect(!result.stderr.contains("\u{1B}"))
        #expect(lines(result.stderr).filter { $0.hasPrefix("mailtls: \(folder.path("d"))/bad\\nname\\x1B[31m.js: ") }.count == 1, "\(result.stderr)")
    }

    @Test func inspectEndsWithASummaryLine() throws {
        let folder = try TemporaryFolder()
        let input = try folder.copyFixture(Self.converting.0, Self.converting.1)
        let result = try CommandRunner.run(["inspect", input])
        #expect(result.status == 0)
        #expect(lines(result.stderr).last?.hasPrefix("mailtls: 1 file: 0 converted, 1 would convert, 0 unchanged, 0 skipped, 0 errors") == true)
    }

    @Test func serverSkipsAreReported() throws {
        let folder = try TemporaryFolder()
        let input = try folder.copyFixture(Self.converting.0, Self.converting.1)
        let text = try CommandRunner.run(["check", "--server", "*.example.com", input])
        #expect(text.stdout.contains("\(input): skipped \"Sales mailbox\" smtp smtp.example.co.jp (host not in --server)"), "\(text.stdout)")
        let json = try CommandRunner.run(["check", "--json", "--server", "*.example.com", input])
        let skipped = try #require(try jsonLines(json.stdout).first?["skipped"] as? [[String: Any]])
        #expect(skipped.map { $0["host"] as? String } == ["smtp.example.co.jp"])
        #expect(skipped.first?["port"] as? Int == 587)
        // Without --server there is no "skipped" key.
        #expect(try jsonLines(try CommandRunner.run(["check", "--json", input]).stdout).first?["skipped"] == nil)
    }

    @Test func skippedRecordsCarryAReason() throws {
        let folder = try TemporaryFolder()
        _ = try folder.copyFixture(Self.warning.0, Self.warning.1, as: "d/a.prf")
        symlink(folder.path("d/a.prf"), folder.path("d/link.prf"))
        let result = try CommandRunner.run(["check", "--json", folder.path("d")])
        let records = try jsonLines(result.stdout)
        #expect(records.map { $0["reason"] as? String } == [nil, "symlink"])
    }

    @Test func jobsHelpStatesItsDefaultOnce() throws {
        let help = try CommandRunner.run(["convert", "--help"]).stdout.split(separator: "\n")
        let start = try #require(help.firstIndex { $0.contains("--jobs") })
        // The option's line and its continuation lines (indented further than option names).
        let entry = ([help[start]] + help[(start + 1)...].prefix { $0.hasPrefix("        ") }).joined(separator: " ")
        #expect(entry.components(separatedBy: "default").count == 2, "\(entry)")
    }

    @Test func theThunderbirdLockRefusalNamesForceOnce() throws {
        let folder = try TemporaryFolder()
        let prefs = try folder.copyFixture("thunderbird-prefs", "profile-two-smtp.js", as: "profile/prefs.js")
        try folder.write("profile/lock", [])
        let result = try CommandRunner.run(["convert", "--in-place", prefs])
        #expect(result.status == 74)
        #expect(result.stderr.components(separatedBy: "--force").count == 2, "\(result.stderr)")
        #expect(result.stderr.contains("(use --force to edit anyway)"))
    }

    @Test func folderWalksAreSortedAtEveryLevel() throws {
        let folder = try TemporaryFolder()
        for name in ["d/b.prf", "d/a.prf", "d/a/x.prf", "d/B.prf"] { _ = try folder.copyFixture(Self.warning.0, Self.warning.1, as: name) }
        let result = try CommandRunner.run(["check", "--json", folder.path("d")])
        let paths = try jsonLines(result.stdout).compactMap { ($0["path"] as? String)?.dropFirst(folder.path("d").count + 1) }
        #expect(paths == ["B.prf", "a/x.prf", "a.prf", "b.prf"])
    }

    /// The README's first command reads only the examples' inputs: their expected outputs are
    /// named as mailtls's own outputs and passed over.
    @Test func theExamplesExpectedOutputsAreNotReadAsInputs() throws {
        let examples = Fixtures.packageRoot.appendingPathComponent("examples").path
        let result = try CommandRunner.run(["convert", "--dry-run", "--diff", "--strip-signature", "--json", examples])
        #expect(result.status == 0, "\(result.stderr)")
        let records = try jsonLines(result.stdout)
        let outputs = records.filter { ($0["path"] as? String)?.contains("-smtps") == true }
        #expect(outputs.count >= 9)
        #expect(outputs.allSatisfy { $0["status"] as? String == "skipped" && $0["reason"] as? String == "own-output" })
        #expect(!records.contains { ($0["path"] as? String)?.contains(".expected") == true })
        #expect(!records.contains { $0["status"] as? String == "error" })
    }
}
