import MailTLSCore
import MailTLSTestSupport
import OutlookPRF
import Testing

/// conversion-rules.md row 1 and §5 (PRF), one case per rule.
@Suite struct OutlookPRFRuleTests {
    let adapter = OutlookPRFAdapter()

    func convert(_ text: String, policy: ConversionPolicy = ConversionPolicy()) throws -> String {
        let output = try Convert.bytes(InputFile(name: "t.prf", bytes: Array(text.utf8)), with: adapter, policy: policy)
        return String(decoding: output, as: UTF8.self)
    }

    @Test(arguments: [("2", "587"), ("3", "587"), ("1", "587"), ("2", "25")])
    func encryptedOnFromPortConverts(security: String, port: String) throws {
        let text = PRFSamples.pop3Account(["SMTPSecureConnection=\(security)", "SMTPPort=\(port)"])
        #expect(try convert(text) == PRFSamples.pop3Account(["SMTPSecureConnection=1", "SMTPPort=465"]))
    }

    @Test func plaintextOn587StaysAndWarns() throws {
        let text = PRFSamples.pop3Account(["SMTPSecureConnection=0", "SMTPPort=587"])
        let outcome = try Convert.run(InputFile(name: "t.prf", bytes: Array(text.utf8)), with: adapter)
        #expect(outcome.output == nil)
        #expect(outcome.warnings.contains { $0.contains("587") })
    }

    @Test func sslOn465IsAlreadyRight() throws {
        let text = PRFSamples.pop3Account(["SMTPSecureConnection=1", "SMTPPort=465"])
        #expect(try convert(text) == text)
    }

    @Test func starttlsOnOtherPortIsLeftAlone() throws {
        let text = PRFSamples.pop3Account(["SMTPSecureConnection=2", "SMTPPort=2525"])
        #expect(try convert(text) == text)
    }

    @Test func olderUseSSLKeyKeepsItsValue() throws {
        let text = PRFSamples.pop3Account(["SMTPUseSSL=1", "SMTPPort=587"], mapping: ["SMTPUseSSL=PT_LONG,0x0202", "SMTPPort=PT_LONG,0x0201"])
        #expect(try convert(text) == text.replacingOccurrences(of: "SMTPPort=587", with: "SMTPPort=465"))
    }

    @Test func useSSLIsIgnoredWhenSecureConnectionIsPresent() throws {
        let text = PRFSamples.pop3Account(["SMTPSecureConnection=0", "SMTPUseSSL=1", "SMTPPort=587"])
        #expect(try convert(text) == text)
    }

    @Test func missingPortInsertsKeyAndMapping() throws {
        let text = PRFSamples.pop3Account(["SMTPSecureConnection=2"], mapping: ["SMTPServer=PT_UNICODE,0x0200", "SMTPSecureConnection=PT_LONG,0x020A"])
        let expected = PRFSamples.pop3Account(
            ["SMTPSecureConnection=1", "SMTPPort=465"],
            mapping: ["SMTPServer=PT_UNICODE,0x0200", "SMTPSecureConnection=PT_LONG,0x020A", "SMTPPort=PT_LONG,0x0201"])
        #expect(try convert(text) == expected)
    }

    @Test func mappingLineIsAddedOnceForTwoAccounts() throws {
        let text = """
            [Internet Account List]\r
            Account1=I_Mail\r
            Account2=I_Mail\r
            [Account1]\r
            SMTPServer=a.example.com\r
            SMTPSecureConnection=2\r
            [Account2]\r
            SMTPServer=b.example.com\r
            SMTPSecureConnection=3\r
            [I_Mail]\r
            SMTPSecureConnection=PT_LONG,0x020A\r

            """
        let output = try convert(text)
        #expect(output.components(separatedBy: "SMTPPort=PT_LONG,0x0201").count == 2)
        #expect(output.components(separatedBy: "SMTPPort=465\r\n").count == 3)
    }

    @Test func keysAndSectionsMatchIgnoringCaseAndSpacing() throws {
        let text = "[internet account list]\nAccount1=I_Mail\n[ACCOUNT1]\nsmtpserver = smtp.example.com \nsmtpsecureconnection = 2 \nsmtpport = 587 \n"
        let expected = "[internet account list]\nAccount1=I_Mail\n[ACCOUNT1]\nsmtpserver = smtp.example.com \nsmtpsecureconnection = 1 \nsmtpport = 465 \n"
        #expect(try convert(text) == expected)
    }

    @Test func insertedLineCopiesSeparatorStyleAndWorksAtEndOfFile() throws {
        let text = "[Internet Account List]\nAccount1=I_Mail\n[Account1]\nSMTPServer = mail.example.com\nSMTPSecureConnection = 2"
        #expect(try convert(text) == text.replacingOccurrences(of: "= 2", with: "= 1") + "\nSMTPPort = 465")
    }

    @Test func duplicateKeyFirstCounts() throws {
        let text = PRFSamples.pop3Account(["SMTPSecureConnection=2", "SMTPPort=587", "SMTPPort=465"])
        let output = try convert(text)
        #expect(output == PRFSamples.pop3Account(["SMTPSecureConnection=1", "SMTPPort=465", "SMTPPort=465"]))
    }

    @Test func serverFilterConvertsOnlyMatchingHosts() throws {
        let text = """
            [Internet Account List]
            Account1=I_Mail
            Account2=I_Mail
            [Account1]
            SMTPServer=smtp.ours.example
            SMTPSecureConnection=2
            SMTPPort=587
            [Account2]
            SMTPServer=smtp.other.example
            SMTPSecureConnection=2
            SMTPPort=587

            """
        let policy = ConversionPolicy(serverPatterns: [HostPattern("*.OURS.example")])
        let outcome = try Convert.run(InputFile(name: "t.prf", bytes: Array(text.utf8)), with: adapter, policy: policy)
        #expect(outcome.conversions.map(\.entry.host) == ["smtp.ours.example"])
        #expect(outcome.decisions.map(\.verdict) == [.convert, .hostNotSelected])
        let output = String(decoding: try #require(outcome.output), as: UTF8.self)
        #expect(output.contains("smtp.other.example\nSMTPSecureConnection=2\nSMTPPort=587"))
    }

    @Test func mappingSectionsAreNeverAccounts() throws {
        let text = "[I_Mail]\nSMTPServer=PT_UNICODE,0x0200\nSMTPSecureConnection=PT_LONG,0x020A\n[General]\nCustom=1\n"
        #expect(try Convert.entries(Array(text.utf8), with: adapter).isEmpty)
    }

    /// Fuzzing found this: the account type names a section that is itself read as an account
    /// (an `SMTPServer` key without a `PT_` value). Adding the `SMTPPort=PT_LONG,...` mapping
    /// there made the output unreadable; it is now a clear error before any edit.
    @Test(arguments: ["[A1]\rSMTPUseSSL=1\r[Internet Account List]\rA1=IMAPI_Mail\n[IMAPI_Mail]\rSMTPServer=", "[Internet Account List]\nA1=A1\n[A1]\nSMTPServer=smtp.example.com\nSMTPUseSSL=1\n"])
    func mappingSectionThatIsAlsoAnAccountIsAnError(_ text: String) throws {
        let error = try #require(throws: InputError.self) { try Convert.run(InputFile(name: "t.prf", bytes: Array(text.utf8)), with: adapter) }
        #expect(error.kind == .unsupportedFormat)
        #expect(error.message.contains("is itself an account"), "\(error.message)")
    }

    @Test func sectionWithSMTPServerIsAnAccountWithoutTheList() throws {
        let text = "[General]\nCustom=1\n[MyAccount]\nSMTPServer=smtp.example.com\nSMTPUseSSL=1\nSMTPPort=25\n"
        #expect(try convert(text) == text.replacingOccurrences(of: "SMTPPort=25", with: "SMTPPort=465"))
    }

    @Test func incomingIsOptIn() throws {
        let text = "[Internet Account List]\nAccount1=IMAP_I_Mail\n[Account1]\nIMAPServer=imap.example.com\nIMAPUseSSL=1\nIMAPPort=143\nSMTPServer=smtp.example.com\nSMTPUseSSL=1\nSMTPPort=465\n[IMAP_I_Mail]\nIMAPPort=PT_LONG,0x0104\n"
        #expect(try convert(text) == text)
        let all = ConversionPolicy(protocols: [.smtp, .imap, .pop3])
        #expect(try convert(text, policy: all) == text.replacingOccurrences(of: "IMAPPort=143", with: "IMAPPort=993"))
    }

    @Test func missingPOP3PortIsInsertedWithMapping() throws {
        let text = "[Internet Account List]\nAccount1=I_Mail\n[Account1]\nPOP3Server=pop.example.com\nPOP3UseSSL=1\nSMTPServer=smtp.example.com\n[I_Mail]\nPOP3UseSSL=PT_LONG,0x0105\n"
        let expected = "[Internet Account List]\nAccount1=I_Mail\n[Account1]\nPOP3Server=pop.example.com\nPOP3UseSSL=1\nPOP3Port=995\nSMTPServer=smtp.example.com\n[I_Mail]\nPOP3UseSSL=PT_LONG,0x0105\nPOP3Port=PT_LONG,0x0104\n"
        #expect(try convert(text, policy: ConversionPolicy(protocols: [.pop3])) == expected)
    }

    @Test func customPortsAreHonoured() throws {
        let text = PRFSamples.pop3Account(["SMTPSecureConnection=2", "SMTPPort=2525"])
        let policy = ConversionPolicy(fromPorts: [2525], toPort: 4465)
        #expect(try convert(text, policy: policy) == PRFSamples.pop3Account(["SMTPSecureConnection=1", "SMTPPort=4465"]))
    }

    @Test func badNumbersAreErrorsWithLineNumbers() throws {
        let text = PRFSamples.pop3Account(["SMTPSecureConnection=2", "SMTPPort=five"])
        let error = try #require(throws: InputError.self) { try adapter.scan(InputFile(name: "t.prf", bytes: Array(text.utf8))) }
        #expect(error.kind == .invalidValue)
        #expect(error.message.hasPrefix("line 15:"))
    }

    @Test func hexPortIsRead() throws {
        let text = PRFSamples.pop3Account(["SMTPSecureConnection=2", "SMTPPort=0x24B"])
        #expect(try Convert.entries(Array(text.utf8), with: adapter).first?.port == 587)
    }

    @Test func convertingTwiceChangesNothing() throws {
        let once = try convert(PRFSamples.pop3Account(["SMTPSecureConnection=3"]))
        #expect(try convert(once) == once)
    }
}
