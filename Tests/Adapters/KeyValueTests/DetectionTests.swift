import Foundation
import MailTLSCore
import MailTLSTestSupport
import Testing

/// Profiles claim their own files by content, only hint by name, and leave other formats alone.
@Suite struct DetectionTests {
    static let foreign: [(name: String, text: String)] = [
        ("profile.prf", "[General]\r\nCustom=1\r\n[Internet Account List]\r\nAccount1=I_Mail\r\n[Account1]\r\nUniqueService=No\r\nSMTPServer=smtp.example.com\r\nSMTPPort=587\r\n"),
        ("prefs.js", "// Mozilla User Preferences\nuser_pref(\"mail.smtpserver.smtp1.hostname\", \"smtp.example.com\");\n"),
        ("autoconfig.xml", "<?xml version=\"1.0\"?>\n<clientConfig version=\"1.1\"><emailProvider id=\"x\"/></clientConfig>\n"),
        ("account.iaf", "fMAI\u{1}\u{0}\u{0}\u{0}"),
        ("notes.txt", "Just some notes.\nNothing to see.\n"),
    ]

    @Test(arguments: foreign.indices)
    func otherFormatsAreNotClaimed(index: Int) throws {
        let (name, text) = Self.foreign[index]
        for adapter in try Profiles.adapters() {
            #expect(adapter.detect(InputFile(name: name, bytes: Array(text.utf8))) == .no, "\(adapter.name) on \(name)")
        }
    }

    @Test func otherAdaptersFixturesAreNotClaimed() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Fixtures.root.path)
            .filter { !Profiles.builtInNames.contains($0) && !$0.hasSuffix(".md") }
        #expect(folders.contains("outlook-prf"))
        for folder in folders {
            // Saved fuzz inputs named bad-<profile>__* are the profiles' own files.
            for name in Fixtures.inputs(folder) where !Profiles.builtInNames.contains(where: { name.hasPrefix("bad-\($0)__") }) {
                let file = try Fixtures.input(folder, name)
                for adapter in try Profiles.adapters() {
                    #expect(adapter.detect(file) < .content, "\(adapter.name) claims \(folder)/\(name)")
                }
            }
        }
    }

    @Test(arguments: [
        ("msmtp", ".msmtprc"), ("git", ".gitconfig"), ("claws", "accountrc"), ("reg", "backup.reg"), ("kmail", "mailtransports"),
        ("evolution", "1a2b3c.source"), ("mutt", ".muttrc"), ("mutt", "neomuttrc"), ("aerc", "accounts.conf"),
        ("roundcube", "config.inc.php"), ("opensmtpd", "smtpd.conf"), ("nullmailer", "remotes"), ("postfix", "main.cf"),
        ("ssmtp", "ssmtp.conf"),
    ])
    func fileNameAloneIsOnlyAHint(profile: String, name: String) throws {
        let adapter = try Profiles.adapter(profile)
        #expect(adapter.detect(InputFile(name: "/home/u/" + name, bytes: Array("nothing here\n".utf8))) == .nameOnly)
    }

    @Test func gitconfigWithoutSendemailIsNotClaimedByContent() throws {
        let adapter = try Profiles.adapter("git")
        #expect(adapter.detect(InputFile(name: "config", bytes: Array("[core]\n\tbare = false\n".utf8))) == .no)
    }

    @Test func builtInNamesAndSummaries() throws {
        let adapters = try Profiles.adapters()
        #expect(adapters.map(\.name) == Profiles.builtInNames)
        #expect(adapters.allSatisfy { !$0.summary.isEmpty && !$0.filePatterns.isEmpty })
    }
}
