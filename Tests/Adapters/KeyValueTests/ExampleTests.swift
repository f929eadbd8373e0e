import Foundation
import MailTLSCore
import MailTLSTestSupport
import Testing

/// The samples in examples/<profile>/ convert to the outputs shown next to them
/// (named as `mailtls convert` names its output: `NAME-smtps.EXT`).
@Suite struct ExampleTests {
    static let examples: [(profile: String, input: String, expected: String)] = [
        ("msmtp", "msmtprc", "msmtprc-smtps"),
        ("git", "gitconfig", "gitconfig-smtps"),
        ("claws", "accountrc", "accountrc-smtps"),
        ("reg", "oe-regedit4-cp932.reg", "oe-regedit4-cp932-smtps.reg"),
        ("reg", "outlook-profile.reg", "outlook-profile-smtps.reg"),
        ("kmail", "mailtransports", "mailtransports-smtps"),
        ("evolution", "work-transport.source", "work-transport-smtps.source"),
        ("mutt", "muttrc", "muttrc-smtps"),
        ("aerc", "accounts.conf", "accounts-smtps.conf"),
        ("roundcube", "config.inc.php", "config.inc-smtps.php"),
        ("opensmtpd", "smtpd.conf", "smtpd-smtps.conf"),
        ("nullmailer", "remotes", "remotes-smtps"),
        ("postfix", "main.cf", "main-smtps.cf"),
        ("ssmtp", "ssmtp.conf", "ssmtp-smtps.conf"),
    ]

    @Test(arguments: examples.indices)
    func exampleConvertsAsDocumented(index: Int) throws {
        let (profile, input, expected) = Self.examples[index]
        let folder = Fixtures.packageRoot.appendingPathComponent("examples/\(profile)")
        let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(input)))
        let output = try Convert.bytes(InputFile(name: input, bytes: bytes), with: Profiles.adapter(profile))
        #expect(output == [UInt8](try Data(contentsOf: folder.appendingPathComponent(expected))))
    }

    /// The worked example of docs/profiles.md is the one in examples/url-profile/, and it
    /// converts as the docs say.
    @Test func urlProfileExampleMatchesTheDocs() throws {
        let folder = Fixtures.packageRoot.appendingPathComponent("examples/url-profile")
        let docs = String(decoding: try Data(contentsOf: Fixtures.packageRoot.appendingPathComponent("docs/profiles.md")), as: UTF8.self)
        let profileText = String(decoding: try Data(contentsOf: folder.appendingPathComponent("mymail.json")), as: UTF8.self)
        let sample = String(decoding: try Data(contentsOf: folder.appendingPathComponent("mymailrc")), as: UTF8.self)
        #expect(docs.contains("```json\n" + profileText + "```"))
        #expect(docs.contains("```\n" + sample + "```"))
        let adapter = try Profiles.adapter("mymail", AdapterEnvironment(profileFiles: [folder.appendingPathComponent("mymail.json").path]))
        let output = try Convert.bytes(InputFile(name: "mymailrc", bytes: Array(sample.utf8)), with: adapter)
        #expect(output == [UInt8](try Data(contentsOf: folder.appendingPathComponent("mymailrc-smtps"))))
    }
}
