import Foundation
import MailTLSCore
import MailTLSTestSupport
import Testing

/// Conversions beyond the golden files: incoming opt-in, other target ports, insertion at the
/// end of a file, idempotence, the server filter.
@Suite struct ConversionTests {
    @Test func incomingProtocolsAreOptIn() throws {
        let adapter = try Profiles.adapter("reg")
        let file = try Fixtures.input("reg", "continuation.reg")
        let all = ConversionPolicy(protocols: [.smtp, .imap, .pop3])
        #expect(try Convert.bytes(file, with: adapter, policy: all) == Fixtures.bytes("reg", "continuation-all-protocols.expected.reg"))
        #expect(try Convert.bytes(file, with: adapter) == Fixtures.bytes("reg", "continuation.expected.reg"))
    }

    @Test func insertsAfterALastLineWithoutLineEnding() throws {
        let input = "[Account: 1]\r\nsmtp_server=x\r\nssl_smtp=2"
        let output = try Convert.bytes(InputFile(name: "accountrc", bytes: input.bytes), with: Profiles.adapter("claws"))
        #expect(output.debugText == "[Account: 1]\r\nsmtp_server=x\r\nssl_smtp=1\r\nset_smtpport=1\r\nsmtp_port=465")
    }

    @Test func msmtpValueAfterABareKeyAndAlignedInsert() throws {
        let input = "account a\nhost h\nport          587\ntls           on\n"
        let output = try Convert.bytes(InputFile(name: "rc", bytes: input.bytes), with: Profiles.adapter("msmtp"))
        #expect(output.debugText == "account a\nhost h\nport          465\ntls           on\ntls_starttls  off\n")
    }

    @Test func msmtpInsertsInTheAccountWhenTheValueComesFromDefaults() throws {
        let input = "defaults\nport 587\ntls on\n\naccount a\n  host h\n"
        let output = try Convert.bytes(InputFile(name: "rc", bytes: input.bytes), with: Profiles.adapter("msmtp"))
        #expect(output.debugText == "defaults\nport 587\ntls on\n\naccount a\n  tls_starttls off\n  port 465\n  host h\n")
    }

    @Test func msmtpChildOfAnUnconvertedParentGetsItsOwnValues() throws {
        let input = "account p\nhost h\nport 2525\ntls on\naccount c : p\nport 587\n"
        let output = try Convert.bytes(InputFile(name: "rc", bytes: input.bytes), with: Profiles.adapter("msmtp"))
        #expect(output.debugText == "account p\nhost h\nport 2525\ntls on\naccount c : p\ntls_starttls off\nport 465\n")
    }

    @Test func dwordKeepsUpperCaseDigits() throws {
        let input = "REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001]\r\n"
            + "\"SMTP Server\"=\"h\"\r\n\"SMTP Port\"=dword:0000024B\r\n\"SMTP Secure Connection\"=dword:00000001\r\n"
        let output = try Convert.bytes(InputFile(name: "x.reg", bytes: input.bytes), with: Profiles.adapter("reg"))
        #expect(output.debugText == input.replacingOccurrences(of: "dword:0000024B", with: "dword:000001D1"))
    }

    @Test func otherTargetPort() throws {
        let input = "[Account: 1]\nsmtp_server=x\nssl_smtp=2\nset_smtpport=1\nsmtp_port=587\n"
        let output = try Convert.bytes(InputFile(name: "accountrc", bytes: input.bytes), with: Profiles.adapter("claws"), policy: ConversionPolicy(toPort: 2465))
        #expect(output.debugText == "[Account: 1]\nsmtp_server=x\nssl_smtp=1\nset_smtpport=1\nsmtp_port=2465\n")
    }

    @Test func serverFilterLeavesOtherHostsAlone() throws {
        let adapter = try Profiles.adapter("git")
        let file = try Fixtures.input("git", "identities.gitconfig")
        let outcome = try Convert.run(file, with: adapter, policy: ConversionPolicy(serverPatterns: [HostPattern("*.home.example")]))
        #expect(outcome.conversions.map(\.entry.account) == ["home"])
        let output = try #require(outcome.output)
        #expect(output.debugText.contains("smtpserverport = 465\n\tSMTPENCRYPTION = \"SSL\""))
        #expect(output.debugText.contains("smtpServerPort = 587\n\tsmtpEncryption = tls\n"))
    }

    @Test(arguments: Profiles.builtInNames)
    func secondRunChangesNothing(folder: String) throws {
        let adapter = try Profiles.adapter(folder)
        for name in Fixtures.inputs(folder) {
            let all = ConversionPolicy(protocols: [.smtp, .imap, .pop3])
            let once = try Convert.bytes(Fixtures.input(folder, name), with: adapter, policy: all)
            let twice = try Convert.run(InputFile(name: name, bytes: once), with: adapter, policy: all)
            #expect(twice.output == nil && twice.conversions.isEmpty, "\(folder)/\(name)")
        }
    }
}
