import Foundation
import MailTLSTestSupport
import Testing

/// `mailtls convert` end to end, on the built binary.
@Suite struct ConvertCommandTests {
    @Test func convertsBesideInputAndReproducesExpectedBytes() throws {
        let folder = try TemporaryFolder()
        let input = try folder.copyFixture("outlook-prf", "oct-pop3-tls587.prf")
        let result = try CommandRunner.run(["convert", input])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try folder.read("oct-pop3-tls587-smtps.prf") == Fixtures.expected("outlook-prf", "oct-pop3-tls587.prf"))
        #expect(try folder.read("oct-pop3-tls587.prf") == Fixtures.bytes("outlook-prf", "oct-pop3-tls587.prf"))
        #expect(result.stdout.contains("587/starttls -> 465/tls"))
        #expect(result.stderr.contains("1 converted"))
    }

    @Test func outputOptionWritesThatFile() throws {
        let folder = try TemporaryFolder()
        let input = try folder.copyFixture("outlook-prf", "jp-imap-auto-noport.prf")
        let result = try CommandRunner.run(["convert", input, "-o", folder.path("out.prf")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try folder.read("out.prf") == Fixtures.expected("outlook-prf", "jp-imap-auto-noport.prf"))
    }

    @Test func outputDashWritesToStandardOutput() throws {
        let folder = try TemporaryFolder()
        let input = try folder.copyFixture("outlook-prf", "oct-pop3-tls587.prf")
        let result = try CommandRunner.run(["convert", input, "-o", "-"])
        #expect(result.status == 0)
        let expected = try #require(Fixtures.expected("outlook-prf", "oct-pop3-tls587.prf"))
        #expect(result.stdoutBytes.count == expected.count)
        #expect(result.stdoutBytes.elementsEqual(expected), "standard output is exactly the converted file")
        #expect(result.stderr.contains("587/starttls -> 465/tls"))
        #expect(folder.files() == ["oct-pop3-tls587.prf"])
    }

    @Test func unchangedInputWritesNothing() throws {
        let folder = try TemporaryFolder()
        let input = try folder.copyFixture("outlook-prf", "o2003-usessl-465.prf")
        let result = try CommandRunner.run(["convert", input])
        #expect(result.status == 0)
        #expect(folder.files() == ["o2003-usessl-465.prf"])
        #expect(result.stderr.contains("warning: SMTP on port 587 without encryption"))
    }

    @Test func refusesToOverwriteWithoutForce() throws {
        let folder = try TemporaryFolder()
        let input = try folder.copyFixture("outlook-prf", "oct-pop3-tls587.prf")
        try folder.write("oct-pop3-tls587-smtps.prf", Array("keep me".utf8))
        let refused = try CommandRunner.run(["convert", input])
        #expect(refused.status == 74)
        #expect(try folder.read("oct-pop3-tls587-smtps.prf") == Array("keep me".utf8))
        #expect(refused.stderr.contains("exists"))
        let forced = try CommandRunner.run(["convert", "--force", input])
        #expect(forced.status == 0)
        #expect(try folder.read("oct-pop3-tls587-smtps.prf") == Fixtures.expected("outlook-prf", "oct-pop3-tls587.prf"))
        #expect(!folder.files().contains { $0.contains(".mailtls-") }, "no temporary file left")
    }

    @Test func dryRunWritesNothing() throws {
        let folder = try TemporaryFolder()
        let input = try folder.copyFixture("outlook-prf", "oct-pop3-tls587.prf")
        let result = try CommandRunner.run(["convert", "--dry-run", input])
        #expect(result.status == 0)
        #expect(folder.files() == ["oct-pop3-tls587.prf"])
        #expect(result.stdout.contains("would convert"))
    }

    @Test func inPlaceKeepsBackupAndMode() throws {
        let folder = try TemporaryFolder()
        let original = try Fixtures.bytes("outlook-prf", "oct-pop3-tls587.prf")
        let input = try folder.write("a.prf", original, mode: 0o640)
        let result = try CommandRunner.run(["convert", "--in-place", input])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try folder.read("a.prf") == Fixtures.expected("outlook-prf", "oct-pop3-tls587.prf"))
        #expect(try folder.read("a.prf.bak") == original)
        #expect(try folder.mode("a.prf") == 0o640)
        #expect(folder.files() == ["a.prf", "a.prf.bak"])
        // A second run finds nothing to do and does not touch the backup.
        let again = try CommandRunner.run(["convert", "--in-place", input])
        #expect(again.status == 0)
        #expect(try folder.read("a.prf.bak") == original)
    }

    @Test func inPlaceNeverWidensMode() throws {
        let folder = try TemporaryFolder()
        let input = try folder.write("a.prf", try Fixtures.bytes("outlook-prf", "oct-pop3-tls587.prf"), mode: 0o600)
        #expect(try CommandRunner.run(["convert", "--in-place", "--no-backup", input]).status == 0)
        #expect(try folder.mode("a.prf") == 0o600)
        #expect(folder.files() == ["a.prf"])
    }

    @Test func inPlaceWithCustomBackupSuffix() throws {
        let folder = try TemporaryFolder()
        let input = try folder.copyFixture("outlook-prf", "oct-pop3-tls587.prf", as: "a.prf")
        #expect(try CommandRunner.run(["convert", "--in-place", "--backup-suffix", ".orig", input]).status == 0)
        #expect(folder.files() == ["a.prf", "a.prf.orig"])
    }

    @Test func outputDirMirrorsTheTree() throws {
        let folder = try TemporaryFolder()
        _ = try folder.copyFixture("outlook-prf", "oct-pop3-tls587.prf", as: "in/sub/a.prf")
        _ = try folder.copyFixture("outlook-prf", "o2003-usessl-465.prf", as: "in/b.prf")
        let result = try CommandRunner.run(["convert", "--output-dir", folder.path("out"), folder.path("in")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try folder.read("out/sub/a.prf") == Fixtures.expected("outlook-prf", "oct-pop3-tls587.prf"))
        #expect(!folder.exists("out/b.prf"), "unchanged files are not written")
    }

    @Test func folderWithUnrelatedFileSkipsIt() throws {
        let folder = try TemporaryFolder()
        _ = try folder.copyFixture("outlook-prf", "oct-pop3-tls587.prf", as: "d/a.prf")
        try folder.write("d/notes.txt", Array("shopping list\n".utf8))
        let result = try CommandRunner.run(["convert", "--json", folder.path("d")])
        #expect(result.status == 0)
        let statuses = try jsonLines(result.stdout).map { $0["status"] as? String }
        #expect(statuses == ["converted", "skipped"])
        #expect(result.stderr.contains("1 skipped"))
    }

    /// Rules §7: in a walk the name is a hint and content decides. An empty `.gitkeep`, a Unison
    /// or Lynis `.prf`, an XML file that is no mail config (even named `autodiscover.xml`) are
    /// skipped and counted, each with its reason; the settings beside them convert and the run succeeds. Named on the command
    /// line, the same files are errors.
    @Test func aWalkSkipsFilesThatAreNotSettings() throws {
        let folder = try TemporaryFolder()
        try folder.write("home/.gitkeep", [])
        _ = try folder.copyFixture("not-settings", "unison-default.prf", as: "home/.unison/default.prf")
        _ = try folder.copyFixture("not-settings", "lynis-default.prf", as: "home/lynis/default.prf")
        _ = try folder.copyFixture("not-settings", "maven-pom.xml", as: "home/project/pom.xml")
        _ = try folder.copyFixture("not-settings", "maven-pom.xml", as: "home/web/autodiscover.xml")
        _ = try folder.copyFixture("not-settings", "mpop-config", as: "home/.config/mpop/config")
        _ = try folder.copyFixture("thunderbird-autoconfig", "ispdb-ssl-and-starttls.xml", as: "home/project/config-v1.1.xml")
        _ = try folder.copyFixture("msmtp", "basic.msmtprc", as: "home/.msmtprc")
        _ = try folder.copyFixture("outlook-prf", "oct-pop3-tls587.prf", as: "home/outlook/office.prf")
        let result = try CommandRunner.run(["convert", "--json", "--output-dir", folder.path("out"), folder.path("home")])
        #expect(result.status == 0, "\(result.stderr)")
        var verdicts: [String: String] = [:]
        for line in try jsonLines(result.stdout) {
            let path = try #require(line["path"] as? String).replacingOccurrences(of: folder.path("home") + "/", with: "")
            verdicts[path] = "\(line["status"] as? String ?? "?") \(line["reason"] as? String ?? "-")"
        }
        #expect(verdicts == [
            ".gitkeep": "skipped empty", ".unison/default.prf": "skipped not-settings", "lynis/default.prf": "skipped not-settings",
            "project/pom.xml": "skipped not-settings", "project/config-v1.1.xml": "converted -", ".msmtprc": "converted -",
            "outlook/office.prf": "converted -", "web/autodiscover.xml": "skipped not-settings",
            ".config/mpop/config": "skipped not-settings",
        ])
        #expect(result.stderr.contains("9 files: 3 converted, 0 would convert, 0 unchanged, 6 skipped, 0 errors"))
        #expect(try folder.read("out/project/config-v1.1.xml") == Fixtures.expected("thunderbird-autoconfig", "ispdb-ssl-and-starttls.xml"))
        for named in [".gitkeep", ".unison/default.prf", "lynis/default.prf", "web/autodiscover.xml"] {
            let alone = try CommandRunner.run(["check", folder.path("home/" + named)])
            #expect(alone.status == 65, "\(named)")
            #expect(alone.stderr.hasPrefix("mailtls: \(folder.path("home/" + named)): "), "\(named)")
        }
    }

    /// Rules §7: a converted autoconfig server equal to one already listed is removed, and the
    /// report says so (JSON `removed`, and the human line).
    @Test func aRemovedDuplicateIsReported() throws {
        let folder = try TemporaryFolder()
        let input = try folder.copyFixture("thunderbird-autoconfig", "ispdb-ssl-and-starttls.xml", as: "config-v1.1.xml")
        let json = try CommandRunner.run(["check", "--json", input])
        let change = try #require((try jsonLines(json.stdout).first?["changes"] as? [[String: Any]])?.first)
        #expect(change["removed"] as? Bool == true)
        #expect(change["host"] as? String == "smtp.example.net")
        let human = try CommandRunner.run(["check", input])
        #expect(human.status == 1)
        #expect(human.stdout == "\(input): would convert \"example.net\" smtp smtp.example.net: 587/starttls -> 465/tls (removed: the same server is listed already)\n")
    }

    @Test func unrecognisedFileNamedExplicitlyIsAnError() throws {
        let folder = try TemporaryFolder()
        let notes = try folder.write("notes.txt", Array("shopping list\n".utf8))
        let result = try CommandRunner.run(["convert", notes])
        #expect(result.status == 65)
        #expect(result.stderr.contains("mailtls: \(notes): not a recognised settings file"))
    }

    @Test(arguments: ["png.prf", "empty.oeaccount", "truncated.iaf"])
    func malformedInputExits65AndWritesNothing(_ name: String) throws {
        let folder = try TemporaryFolder()
        let input = try folder.copyFixture("malformed", name)
        let result = try CommandRunner.run(["convert", input])
        #expect(result.status == 65)
        #expect(folder.files() == [name])
        let errorLines = result.stderr.split(separator: "\n").filter { $0.contains(input) }
        #expect(errorLines.count == 1)
    }

    @Test func badInputDoesNotStopTheOtherFiles() throws {
        let folder = try TemporaryFolder()
        let bad = try folder.copyFixture("malformed", "png.prf")
        let good = try folder.copyFixture("outlook-prf", "oct-pop3-tls587.prf")
        let result = try CommandRunner.run(["convert", bad, good])
        #expect(result.status == 65)
        #expect(folder.exists("oct-pop3-tls587-smtps.prf"))
    }

    @Test func missingFileIsAnIOError() throws {
        let result = try CommandRunner.run(["convert", "/nonexistent/x.prf"])
        #expect(result.status == 74)
        #expect(result.stderr.contains("/nonexistent/x.prf"))
    }

    @Test(arguments: [["convert"], ["convert", "--bogus", "x"], ["convert", "-o", "a", "b", "c"], ["convert", "--in-place", "--output-dir", "d", "x"], ["convert", "--from-ports", "abc", "x"], ["convert", "--protocols", "smtp,nntp", "x"], ["convert", "--format", "nope", "x"]])
    func usageErrorsExit64(_ arguments: [String]) throws {
        #expect(try CommandRunner.run(arguments).status == 64)
    }

    @Test func filesFromStandardInputWithNulSeparators() throws {
        let folder = try TemporaryFolder()
        let a = try folder.copyFixture("outlook-prf", "oct-pop3-tls587.prf", as: "with space.prf")
        let b = try folder.copyFixture("outlook-prf", "jp-imap-auto-noport.prf")
        let list = Array((a + "\0" + b + "\0").utf8)
        let result = try CommandRunner.run(["convert", "--files-from", "-", "-0", "--json"], stdin: list)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(folder.exists("with space-smtps.prf"))
        #expect(folder.exists("jp-imap-auto-noport-smtps.prf"))
        #expect(try jsonLines(result.stdout).count == 2)
    }

    @Test func serverFilterSkipsOtherProviders() throws {
        let folder = try TemporaryFolder()
        let input = try folder.copyFixture("outlook-prf", "oct-pop3-tls587.prf")
        let result = try CommandRunner.run(["convert", "--dry-run", "--server", "*.example.com", input])
        #expect(result.status == 0)
        #expect(!result.stdout.contains("would convert"), "smtp.example.co.jp is another provider")
    }

    @Test func jsonReportFollowsTheSchema() throws {
        let folder = try TemporaryFolder()
        let input = try folder.copyFixture("outlook-prf", "oct-pop3-tls587.prf")
        let bad = try folder.copyFixture("malformed", "png.prf")
        let result = try CommandRunner.run(["convert", "--json", input, bad])
        let lines = try jsonLines(result.stdout)
        #expect(lines.count == 2)
        let converted = lines[0]
        #expect(converted["path"] as? String == input)
        #expect(converted["format"] as? String == "outlook-prf")
        #expect(converted["status"] as? String == "converted")
        #expect(converted["output"] as? String == folder.path("oct-pop3-tls587-smtps.prf"))
        let change = try #require((converted["changes"] as? [[String: Any]])?.first)
        #expect(change["account"] as? String == "Sales mailbox")
        #expect(change["protocol"] as? String == "smtp")
        #expect(change["host"] as? String == "smtp.example.co.jp")
        #expect((change["from"] as? [String: Any])?["port"] as? Int == 587)
        #expect((change["from"] as? [String: Any])?["security"] as? String == "starttls")
        #expect((change["to"] as? [String: Any])?["port"] as? Int == 465)
        #expect((change["to"] as? [String: Any])?["security"] as? String == "tls")
        #expect(converted["warnings"] is [Any])
        let failed = lines[1]
        #expect(failed["status"] as? String == "error")
        let error = try #require(failed["error"] as? [String: Any])
        #expect(error["code"] as? String == "unsupported-format")
        #expect((error["message"] as? String)?.isEmpty == false)
    }

    @Test func diffShowsOnlyTheChangedLines() throws {
        let folder = try TemporaryFolder()
        let input = try folder.copyFixture("outlook-prf", "oct-pop3-tls587.prf")
        let result = try CommandRunner.run(["convert", "--dry-run", "--diff", input])
        let changed = result.stdout.split(separator: "\n").filter { ($0.hasPrefix("-") || $0.hasPrefix("+")) && !$0.hasPrefix("---") && !$0.hasPrefix("+++") }
        #expect(changed == ["-SMTPSecureConnection=2", "-SMTPPort=587", "+SMTPSecureConnection=1", "+SMTPPort=465"])
    }

    @Test func rerunOverFolderSkipsOwnOutputs() throws {
        let folder = try TemporaryFolder()
        _ = try folder.copyFixture("outlook-prf", "oct-pop3-tls587.prf", as: "d/a.prf")
        #expect(try CommandRunner.run(["convert", folder.path("d")]).status == 0)
        let again = try CommandRunner.run(["check", folder.path("d")])
        // The output a-smtps.prf is passed over (counted as skipped); a.prf still would convert.
        #expect(again.stderr.contains("2 files: 0 converted, 1 would convert, 0 unchanged, 1 skipped"))
    }

    func jsonLines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }
}
