import Foundation
import MailTLSCore
import MailTLSTestSupport
import Testing

/// The samples in examples/{msmtp,git,claws,reg,kmail,evolution} convert to the outputs shown next to them
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
    ]

    @Test(arguments: examples.indices)
    func exampleConvertsAsDocumented(index: Int) throws {
        let (profile, input, expected) = Self.examples[index]
        let folder = Fixtures.packageRoot.appendingPathComponent("examples/\(profile)")
        let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(input)))
        let output = try Convert.bytes(InputFile(name: input, bytes: bytes), with: Profiles.adapter(profile))
        #expect(output == [UInt8](try Data(contentsOf: folder.appendingPathComponent(expected))))
    }
}
