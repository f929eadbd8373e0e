import Foundation
import MailTLSCore
import MailTLSTestSupport
import Testing

/// The samples in examples/{msmtp,git,claws,reg} convert to the outputs shown next to them.
@Suite struct ExampleTests {
    static let examples: [(profile: String, input: String, expected: String)] = [
        ("msmtp", "msmtprc", "msmtprc.expected"),
        ("git", "gitconfig", "gitconfig.expected"),
        ("claws", "accountrc", "accountrc.expected"),
        ("reg", "oe-regedit4-cp932.reg", "oe-regedit4-cp932.expected.reg"),
        ("reg", "outlook-profile.reg", "outlook-profile.expected.reg"),
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
