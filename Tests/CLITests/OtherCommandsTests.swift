import Foundation
import MailTLSTestSupport
import Testing

/// `check`, `inspect` and `adapters`.
@Suite struct OtherCommandsTests {
    @Test func checkExits1WhenSomethingWouldChangeAnd0Otherwise() throws {
        let folder = try TemporaryFolder()
        let work = try folder.copyFixture("outlook-prf", "oct-pop3-tls587.prf")
        let fine = try folder.copyFixture("outlook-prf", "o2003-usessl-465.prf")
        #expect(try CommandRunner.run(["check", work]).status == 1)
        #expect(try CommandRunner.run(["check", fine]).status == 0)
        #expect(folder.files().count == 2, "check writes nothing")
    }

    @Test func checkReportsMalformedAs65() throws {
        let folder = try TemporaryFolder()
        let bad = try folder.copyFixture("malformed", "png.prf")
        let work = try folder.copyFixture("outlook-prf", "oct-pop3-tls587.prf")
        #expect(try CommandRunner.run(["check", bad, work]).status == 65)
    }

    @Test func inspectListsEntriesWithDefaultsAndVerdicts() throws {
        let folder = try TemporaryFolder()
        let input = try folder.copyFixture("outlook-prf", "jp-imap-auto-noport.prf")
        let result = try CommandRunner.run(["inspect", input])
        #expect(result.status == 0)
        #expect(result.stdout.contains("営業部 メール | smtp | smtp.example.co.jp | port 25 (default) | auto | -> 465/tls"))
        #expect(result.stdout.contains("| imap | imap.example.co.jp | port 143 | starttls | left as is"))
    }

    @Test func inspectJSON() throws {
        let folder = try TemporaryFolder()
        let input = try folder.copyFixture("outlook-prf", "oct-pop3-tls587.prf")
        let result = try CommandRunner.run(["inspect", "--json", input])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let entries = try #require(object["entries"] as? [[String: Any]])
        #expect(entries.compactMap { $0["verdict"] as? String }.contains("convert"))
        #expect(entries.compactMap { $0["verdict"] as? String }.contains("already-implicit-tls"))
    }

    /// Autoconfig lists a server on 465 and again on 587: converting removes the second one,
    /// and inspect says so instead of promising "-> 465/tls" (text and JSON).
    @Test func inspectShowsADuplicateThatConversionRemoves() throws {
        let folder = try TemporaryFolder()
        let input = try folder.copyFixture("thunderbird-autoconfig", "ispdb-ssl-and-starttls.xml")
        let text = try CommandRunner.run(["inspect", input])
        #expect(text.stdout.contains("| smtp | smtp.example.net | port 587 | starttls | removed (the same server on 465/tls is listed already)"))
        #expect(!text.stdout.contains("-> 465/tls"))
        let json = try CommandRunner.run(["inspect", "--json", input])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let entries = try #require(object["entries"] as? [[String: Any]])
        #expect(entries.filter { $0["removed"] as? Bool == true }.compactMap { $0["port"] as? Int } == [587])
    }

    /// A warning about the file rather than one entry (an account without a host) is shown by
    /// inspect, on standard error in text form and in the JSON record.
    @Test func inspectShowsFileLevelWarnings() throws {
        let folder = try TemporaryFolder()
        let input = try folder.write("msmtprc", Array("account nohost\nport 587\ntls on\n\naccount ok\nhost smtp.example.org\nport 587\ntls on\n".utf8))
        let text = try CommandRunner.run(["inspect", input])
        #expect(text.stderr.contains("msmtprc: warning:") && text.stderr.contains("nohost"), "\(text.stderr)")
        let json = try CommandRunner.run(["inspect", "--json", input])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let warnings = try #require(object["warnings"] as? [String])
        #expect(warnings.contains { $0.contains("nohost") })
    }

    /// `adapters --show NAME` prints a built-in profile's JSON byte for byte, for every
    /// profile-backed format and for none of the compiled ones; a copy with another name loads
    /// as a profile of its own and converts the example as the built-in one does.
    @Test func adaptersShowPrintsEveryProfileAsAStartingPoint() throws {
        let listed = try CommandRunner.run(["adapters", "--json"])
        let names = try listed.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["name"] as! String
        }
        let resources = Fixtures.packageRoot.appendingPathComponent("Sources/Adapters/KeyValue/Resources")
        var shown: [String] = []
        for name in names {
            let result = try CommandRunner.run(["adapters", "--show", name])
            let file = resources.appendingPathComponent("\(name).json")
            if FileManager.default.fileExists(atPath: file.path) {
                #expect(result.status == 0, "\(name): \(result.stderr)")
                #expect(Array(result.stdout.utf8) == Array(try Data(contentsOf: file)), "\(name)")
                shown.append(name)
            } else {
                #expect(result.status == 64 && result.stderr.contains("compiled adapter"), "\(name)")
                #expect(result.stdout.isEmpty)
            }
        }
        #expect(Set(["mutt", "aerc", "roundcube", "opensmtpd", "nullmailer", "postfix", "ssmtp", "kmail", "evolution"]).isSubset(of: shown))
        #expect(try CommandRunner.run(["adapters", "--show", "no-such-format"]).status == 64)

        let folder = try TemporaryFolder()
        let shownMutt = try CommandRunner.run(["adapters", "--show", "mutt"]).stdout
        let copy = try folder.write("my-mutt.json", Array(shownMutt.replacingOccurrences(of: "\"name\": \"mutt\"", with: "\"name\": \"my-mutt\"").utf8))
        let input = try folder.write("muttrc", Array(try Data(contentsOf: Fixtures.packageRoot.appendingPathComponent("examples/mutt/muttrc"))))
        let converted = try CommandRunner.run(["convert", "--profile", copy, "--format", "my-mutt", "-o", "-", input])
        #expect(converted.status == 0, "\(converted.stderr)")
        #expect(Array(converted.stdout.utf8) == Array(try Data(contentsOf: Fixtures.packageRoot.appendingPathComponent("examples/mutt/muttrc-smtps"))))
    }

    @Test func adaptersListsTheBuiltInFormats() throws {
        let result = try CommandRunner.run(["adapters"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("outlook-prf"))
    }
}
