import Foundation
import MailTLSTestSupport
import Testing

/// CLI behaviour that spans adapters: the running-client guard, user profiles, report order
/// under parallel jobs, malformed text inputs.
@Suite struct IssueContractTests {
    @Test func inPlaceRefusesAnOpenThunderbirdProfileUnlessForced() throws {
        let folder = try TemporaryFolder()
        let original = try Fixtures.bytes("thunderbird-prefs", "profile-two-smtp.js")
        let prefs = try folder.write("profile/prefs.js", original)
        try folder.write("profile/.parentlock", [])
        let refused = try CommandRunner.run(["convert", "--in-place", "--json", prefs])
        #expect(refused.stdout.contains(#""code":"refused""#))
        #expect(refused.status == 74)
        #expect(refused.stderr.contains("mailtls: \(prefs): not edited in place"))
        #expect(try folder.read("profile/prefs.js") == original)
        #expect(!folder.exists("profile/prefs.js.bak"))
        let forced = try CommandRunner.run(["convert", "--in-place", "--force", prefs])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try folder.read("profile/prefs.js") == Fixtures.expected("thunderbird-prefs", "profile-two-smtp.js"))
        // Writing beside the input is always safe: the guard only concerns --in-place.
        let beside = try folder.write("other/prefs.js", original)
        try folder.write("other/.parentlock", [])
        #expect(try CommandRunner.run(["convert", beside]).status == 0)
    }

    @Test func userProfileAddsAClientWithoutCompiling() throws {
        let root = Fixtures.packageRoot.appendingPathComponent("examples/custom-profile")
        let profile = root.appendingPathComponent("mbsync.json").path
        let listed = try CommandRunner.run(["adapters", "--profile", profile])
        #expect(listed.stdout.contains("mbsync"))
        let folder = try TemporaryFolder()
        let input = try folder.write("mbsyncrc", [UInt8](try Data(contentsOf: root.appendingPathComponent("mbsyncrc"))))
        let converted = try CommandRunner.run(["convert", "--profile", profile, "--protocols", "smtp,imap", input, "-o", folder.path("out")])
        #expect(converted.status == 0, "\(converted.stderr)")
        #expect(try folder.read("out") == [UInt8](try Data(contentsOf: root.appendingPathComponent("mbsyncrc-smtps"))))
        // Without the profile the same file is not recognised.
        #expect(try CommandRunner.run(["check", input]).status == 65)
    }

    @Test func badProfileIsAClearError() throws {
        let folder = try TemporaryFolder()
        let profile = try folder.write("bad.json", Array(#"{"name": "x"}"#.utf8))
        let result = try CommandRunner.run(["adapters", "--profile", profile])
        #expect(result.status == 64)
        #expect(result.stderr.contains("profile"))
        #expect(result.stderr.contains("bad.json"))
    }

    @Test func reportsKeepInputOrderWithManyJobs() throws {
        let folder = try TemporaryFolder()
        var names: [String] = []
        for index in 0..<60 {
            let name = String(format: "d/%03d.prf", index)
            names.append(folder.path(name))
            _ = try folder.copyFixture("outlook-prf", index % 2 == 0 ? "oct-pop3-tls587.prf" : "o2003-usessl-465.prf", as: name)
        }
        let result = try CommandRunner.run(["check", "--json", "--jobs", "8", folder.path("d")])
        let paths = result.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["path"] as? String
        }
        #expect(paths == names)
        #expect(result.status == 1)
    }

    @Test func bulkInPlaceConvertsEveryFileAndKeepsBackups() throws {
        let folder = try TemporaryFolder()
        let original = try Fixtures.bytes("outlook-prf", "oct-pop3-tls587.prf")
        for index in 0..<40 { try folder.write(String(format: "t/%02d/a.prf", index), original) }
        let result = try CommandRunner.run(["convert", "--in-place", "--jobs", "3", folder.path("t")])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = try #require(Fixtures.expected("outlook-prf", "oct-pop3-tls587.prf"))
        for index in 0..<40 {
            #expect(try folder.read(String(format: "t/%02d/a.prf", index)) == expected)
            #expect(try folder.read(String(format: "t/%02d/a.prf.bak", index)) == original)
        }
        #expect(!folder.files().contains { $0.contains(".mailtls-") })
    }

    @Test(arguments: [("empty.prf", [UInt8]()), ("odd.prf", [0xFF, 0xFE, 0x5B, 0x00, 0x41]), ("surrogate.prf", [0xFF, 0xFE, 0x5B, 0x00, 0x00, 0xD8, 0x5D, 0x00])])
    func malformedPRFExits65(name: String, bytes: [UInt8]) throws {
        let folder = try TemporaryFolder()
        let input = try folder.write(name, bytes)
        let result = try CommandRunner.run(["convert", input])
        #expect(result.status == 65)
        #expect(folder.files() == [name])
        #expect(result.stderr.split(separator: "\n").filter { $0.hasPrefix("mailtls: \(input): ") }.count == 1)
    }

    @Test func oversizedFileIsRefusedWithoutReading() throws {
        let folder = try TemporaryFolder()
        let input = try folder.write("big.prf", [UInt8](repeating: 0x41, count: 2048))
        let result = try CommandRunner.run(["convert", "--max-size", "1024", input])
        #expect(result.status == 74)
        #expect(result.stderr.contains("larger than the limit of 1024 bytes (--max-size)"))
    }
}
