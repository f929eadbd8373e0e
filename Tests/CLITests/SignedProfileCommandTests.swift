import Foundation
import MailTLSTestSupport
import Testing

/// `--strip-signature` reaches the mobileconfig adapter from the command line, and `inspect`
/// shows a signed profile's entries and signer.
@Suite struct SignedProfileCommandTests {
    static let signed = "bad-signed-hoster.mobileconfig"

    @Test func signedProfileIsRefusedWithOneLineAndNothingWritten() throws {
        let folder = try TemporaryFolder()
        let input = try folder.copyFixture("mobileconfig", Self.signed)
        for command in ["convert", "check"] {
            let result = try CommandRunner.run([command, input])
            #expect(result.status == 65)
            let lines = result.stderr.split(separator: "\n").filter { $0.contains(input) }
            #expect(lines == ["mailtls: \(input): signed profile: converting removes the signature; use --strip-signature to write an unsigned profile, or re-sign it"])
        }
        #expect(folder.files() == [Self.signed])
    }

    @Test func stripSignatureWritesTheUnsignedConvertedProfileWithAWarning() throws {
        let folder = try TemporaryFolder()
        let input = try folder.copyFixture("mobileconfig", Self.signed)
        let check = try CommandRunner.run(["check", "--strip-signature", input])
        #expect(check.status == 1, "\(check.stderr)")
        let result = try CommandRunner.run(["convert", "--strip-signature", input])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning: signed profile: the signature was removed (--strip-signature)"))
        #expect(try folder.read("bad-signed-hoster-smtps.mobileconfig") == Fixtures.bytes("mobileconfig", "hoster-imap-587.expected.mobileconfig"))
        #expect(try folder.read(Self.signed) == Fixtures.bytes("mobileconfig", Self.signed))
    }

    @Test func inspectShowsTheEntriesAndTheSigner() throws {
        let folder = try TemporaryFolder()
        let input = try folder.copyFixture("mobileconfig", Self.signed)
        let result = try CommandRunner.run(["inspect", input])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("smtp | smtp.example.com | port 587 | starttls | -> 465/tls"))
        #expect(result.stdout.contains("signer=C=DE, O=Example Hosting GmbH, CN=Example Hosting Profile Signing"))
    }

    @Test func adaptersListsBothPhoneFormats() throws {
        let result = try CommandRunner.run(["adapters"])
        #expect(result.stdout.contains("mobileconfig"))
        #expect(result.stdout.contains("k9s"))
    }
}
