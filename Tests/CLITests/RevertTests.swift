import Foundation
import MailTLSTestSupport
import Testing

/// `mailtls revert` (README, "Before you convert"): originals back from the `--in-place` backups,
/// only for files mailtls made, atomically, modes kept.
@Suite struct RevertTests {
    static let fixtures: [(folder: String, name: String, mode: Int)] = [
        ("outlook-prf", "jp-imap-auto-noport.prf", 0o600),
        ("git", "identities.gitconfig", 0o640),
        ("thunderbird-prefs", "many-servers.js", 0o644),
        ("windows-mail", "utf16be-upper.oeaccount", 0o600),
        ("reg", "regedit4-jp.reg", 0o644),
    ]

    /// Copies the fixtures into a folder with their modes and converts them in place.
    func convertedFolder() throws -> (TemporaryFolder, [String: [UInt8]]) {
        let folder = try TemporaryFolder()
        var originals: [String: [UInt8]] = [:]
        for fixture in Self.fixtures {
            let bytes = try Fixtures.bytes(fixture.folder, fixture.name)
            try folder.write("tree/\(fixture.folder)/\(fixture.name)", bytes, mode: fixture.mode)
            originals["tree/\(fixture.folder)/\(fixture.name)"] = bytes
        }
        let converted = try CommandRunner.run(["convert", "--in-place", "--quiet", "--no-progress", folder.path("tree")])
        #expect(converted.status == 0, "\(converted.stderr)")
        for name in originals.keys {
            #expect(try folder.read(name) != originals[name], "\(name) was converted")
            #expect(folder.exists(name + ".bak"))
        }
        return (folder, originals)
    }

    @Test func roundTripGivesByteIdenticalOriginalsWithModesAndNoBackupsLeft() throws {
        let (folder, originals) = try convertedFolder()
        let result = try CommandRunner.run(["revert", folder.path("tree")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("mailtls: 5 files: 5 reverted, 0 would revert, 0 refused, 0 skipped, 0 errors"))
        for fixture in Self.fixtures {
            let name = "tree/\(fixture.folder)/\(fixture.name)"
            #expect(try folder.read(name) == originals[name], "\(name)")
            #expect(try folder.mode(name) == fixture.mode, "\(name)")
            #expect(!folder.exists(name + ".bak"))
        }
        #expect(folder.files().allSatisfy { !$0.contains(".mailtls-") }, "no temporary files left")
    }

    @Test func aFileEditedSinceIsRefusedUnlessForced() throws {
        let (folder, originals) = try convertedFolder()
        let name = "tree/git/identities.gitconfig"
        var edited = try folder.read(name)
        edited += Array("[user]\n\tname = Someone\n".utf8)
        try folder.write(name, edited, mode: 0o640)

        let refused = try CommandRunner.run(["revert", folder.path(name)])
        #expect(refused.status == 74)
        #expect(refused.stderr.contains("mailtls: \(folder.path(name)): changed since mailtls converted it (not a conversion of"))
        #expect(refused.stderr.contains("not reverted (use --force)"))
        #expect(try folder.read(name) == edited, "left as the user made it")
        #expect(folder.exists(name + ".bak"), "backup kept")

        let forced = try CommandRunner.run(["revert", "--force", folder.path(name)])
        #expect(forced.status == 0)
        #expect(try folder.read(name) == originals[name])
    }

    @Test func serverRevertsOnlyFilesWithAMatchingConvertedHost() throws {
        let folder = try TemporaryFolder()
        try folder.write("a/msmtprc", Array("account a\nhost smtp.alpha.example\nport 587\ntls on\n".utf8))
        try folder.write("b/msmtprc", Array("account b\nhost smtp.beta.example\nport 587\ntls on\n".utf8))
        #expect(try CommandRunner.run(["convert", "--in-place", "--quiet", folder.path("a/msmtprc"), folder.path("b/msmtprc")]).status == 0)
        let converted = try folder.read("b/msmtprc")

        let result = try CommandRunner.run(["revert", "--server", "*.ALPHA.example", "--json", folder.url.path])
        #expect(result.status == 0)
        let reports = try result.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(reports.map { $0["status"] as? String } == ["reverted", "skipped"])
        #expect((reports[0]["reverted"] as? [[String: Any]])?.first?["host"] as? String == "smtp.alpha.example")
        #expect(String(decoding: try folder.read("a/msmtprc"), as: UTF8.self).contains("port 587"))
        #expect(try folder.read("b/msmtprc") == converted)
        #expect(folder.exists("b/msmtprc.bak"))
    }

    @Test func entriesHeldByTheProviderTableStillRoundTrip() throws {
        let folder = try TemporaryFolder()
        let original = Array("account ms\nhost smtp.office365.com\nport 587\ntls on\n\naccount c\nhost smtp.c.example\nport 587\ntls on\n".utf8)
        let path = try folder.write("msmtprc", original)
        #expect(try CommandRunner.run(["convert", "--in-place", "--quiet", path]).status == 0)
        // Reverting only the Microsoft accounts finds none converted: the table held them.
        #expect(try CommandRunner.run(["revert", "--server", "*.office365.com", path]).stderr.contains("1 skipped"))
        #expect(try CommandRunner.run(["revert", path]).status == 0)
        #expect(try folder.read("msmtprc") == original)
    }

    @Test func dryRunChangesNothingAndACustomSuffixIsHonoured() throws {
        let folder = try TemporaryFolder()
        let original = Array("account a\nhost smtp.a.example\nport 587\ntls on\n".utf8)
        let path = try folder.write("msmtprc", original)
        #expect(try CommandRunner.run(["convert", "--in-place", "--backup-suffix", ".orig", "--quiet", path]).status == 0)
        let converted = try folder.read("msmtprc")

        let missing = try CommandRunner.run(["revert", path])
        #expect(missing.status == 74)
        #expect(missing.stderr.contains("no backup"))

        let dry = try CommandRunner.run(["revert", "--dry-run", "--backup-suffix", ".orig", path])
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("would revert from"))
        #expect(try folder.read("msmtprc") == converted)
        #expect(folder.exists("msmtprc.orig"))

        #expect(try CommandRunner.run(["revert", "--backup-suffix", ".orig", path]).status == 0)
        #expect(try folder.read("msmtprc") == original)
        #expect(!folder.exists("msmtprc.orig"))
    }
}
