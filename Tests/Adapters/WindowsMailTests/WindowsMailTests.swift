import Foundation
import MailTLSCore
import MailTLSTestSupport
import Testing
import WindowsMail

@Suite struct WindowsMailTests {
    static let folder = "windows-mail"
    static let adapter = WindowsMailAdapter()
    static let badInputs = Fixtures.inputs(folder).filter { $0.hasPrefix("bad-") }

    static func utf16LE(_ text: String) -> [UInt8] { [0xFF, 0xFE] + TextEncoding.utf16LE.encode(text) }

    static func account(_ body: String, crlf: Bool = true) -> String {
        let text = "<?xml version=\"1.0\" encoding=\"utf-16\"?>\n<MessageAccount>\n\t<Account_Name type=\"SZ\">Test</Account_Name>\n\(body)</MessageAccount>\n"
        return crlf ? text.replacingOccurrences(of: "\n", with: "\r\n") : text
    }

    /// Other formats' samples: EveryAdapterConforms.signatureFormatsClaimNoOtherSamples.
    @Test func junkWithOurFileNameIsOnlyANameMatch() {
        #expect(Self.adapter.detect(InputFile(name: "x/account{1}.oeaccount", bytes: Array("junk".utf8))) == .nameOnly)
    }

    @Test func readsEntriesFromTheRealShapedFixture() throws {
        let bytes = try Fixtures.bytes(Self.folder, "wlm-pop3-587.oeaccount")
        let entries = try Convert.entries(bytes, with: Self.adapter)
        #expect(entries.map(\.proto) == [.smtp, .pop3])
        let smtp = entries[0]
        #expect(smtp.account == "mail.example.org (Jane)")
        #expect(smtp.host == "smtp.example.org")
        #expect(smtp.port == 587)
        #expect(smtp.security == .starttls)
        let portRange = try #require(smtp.portLocation)
        #expect(TextEncoding.utf16LE.decode(bytes[portRange]) == "0000024b")
        #expect(entries[1].port == 995)
        #expect(entries[1].security == .tls)
    }

    @Test func plainFixtureReportsIMAPAndPlainSMTP() throws {
        let entries = try Convert.entries(try Fixtures.bytes(Self.folder, "wm-plain.oeaccount"), with: Self.adapter)
        #expect(entries.map(\.proto) == [.smtp, .imap])
        #expect(entries[0].port == 25 && entries[0].security == .none)
        #expect(entries[1].port == 993 && entries[1].security == .tls)
        let outcome = try Convert.run(try Fixtures.input(Self.folder, "wm-plain.oeaccount"), with: Self.adapter)
        #expect(outcome.warnings.contains { $0.contains("without encryption") })
    }

    @Test func passwordsAreSecrets() throws {
        let bytes = try Fixtures.bytes(Self.folder, "wlm-pop3-587.oeaccount")
        let secrets = try Convert.secrets(bytes, with: Self.adapter)
        #expect(secrets.count == 1)
        let secret = TextEncoding.utf16LE.decode(bytes[try #require(secrets.first)])
        #expect(secret.hasPrefix("01000000d08c9ddf") && secret.hasSuffix("a7cf"))
    }

    @Test func absentPortAndFlagUseTheDefaults() throws {
        let text = Self.account("\t<SMTP_Server type=\"SZ\">smtp.example.com</SMTP_Server>\n")
        let entries = try Convert.entries(Self.utf16LE(text), with: Self.adapter)
        #expect(entries.count == 1)
        #expect(entries[0].port == 25 && entries[0].portLocation == nil && entries[0].security == .none)
    }

    @Test(arguments: [("1", true), ("00000001", true), ("TRUE", true), ("true", true), ("0", false), ("FALSE", false), ("00000000", false)])
    func secureFlagSpellings(_ flag: String, _ on: Bool) throws {
        let text = Self.account("\t<SMTP_Port type=\"DWORD\">24B</SMTP_Port>\n\t<SMTP_Secure_Connection type=\"DWORD\">\(flag)</SMTP_Secure_Connection>\n")
        let entry = try #require(try Convert.entries(Self.utf16LE(text), with: Self.adapter).first)
        #expect(entry.port == 587)
        #expect(entry.security == (on ? .starttls : .none))
    }

    @Test(arguments: [("0000024b", "000001d1"), ("24b", "1d1"), ("24B", "1D1"), ("19", "1d1"), ("0000024B", "000001D1"), ("00019", "001d1")])
    func portKeepsCaseAndAtLeastItsWidth(_ before: String, _ after: String) throws {
        let body = "\t<SMTP_Port type=\"DWORD\">\(before)</SMTP_Port>\n\t<SMTP_Secure_Connection type=\"DWORD\">1</SMTP_Secure_Connection>\n"
        let output = try Convert.bytes(InputFile(name: "a.oeaccount", bytes: Self.utf16LE(Self.account(body))), with: Self.adapter)
        let expected = Self.utf16LE(Self.account(body.replacingOccurrences(of: ">\(before)<", with: ">\(after)<")))
        #expect(output == expected)
    }

    @Test func insertedPortCopiesIndentationAndLineEndingInUTF8() throws {
        let body = "  <SMTP_Server type=\"SZ\">s.example.com</SMTP_Server>\n  <SMTP_Secure_Connection type=\"DWORD\">1</SMTP_Secure_Connection>\n"
        let text = Self.account(body, crlf: false).replacingOccurrences(of: "utf-16", with: "utf-8")
        let output = try Convert.bytes(InputFile(name: "a.oeaccount", bytes: Array(text.utf8)), with: Self.adapter)
        let expected = text.replacingOccurrences(
            of: "<SMTP_Secure_Connection type=\"DWORD\">1</SMTP_Secure_Connection>\n",
            with: "<SMTP_Secure_Connection type=\"DWORD\">1</SMTP_Secure_Connection>\n  <SMTP_Port type=\"DWORD\">000001d1</SMTP_Port>\n")
        #expect(String(decoding: output, as: UTF8.self) == expected)
    }

    @Test func incomingIsConvertedOnlyOnRequest() throws {
        let input = try Fixtures.input(Self.folder, "utf8-noport.oeaccount")
        let defaultOutcome = try Convert.run(input, with: Self.adapter)
        #expect(defaultOutcome.conversions.map(\.entry.proto) == [.smtp])
        let all = ConversionPolicy(protocols: [.smtp, .imap, .pop3])
        let output = try #require(try Convert.run(input, with: Self.adapter, policy: all).output)
        let text = String(decoding: output, as: UTF8.self)
        #expect(text.contains("<IMAP_Port type=\"DWORD\">3e1</IMAP_Port>"))
        #expect(text.contains("<SMTP_Port type=\"DWORD\">000001d1</SMTP_Port>"))
        #expect(AdapterConformance.violations(of: Self.adapter, on: input, policy: all) == [])
    }

    @Test func serverFilterLeavesOtherHostsAlone() throws {
        let input = try Fixtures.input(Self.folder, "wlm-pop3-587.oeaccount")
        let policy = ConversionPolicy(serverPatterns: [HostPattern("*.example.com")])
        #expect(try Convert.run(input, with: Self.adapter, policy: policy).output == nil)
    }

    @Test func duplicateElementFirstOneCounts() throws {
        let body = "\t<SMTP_Port type=\"DWORD\">19</SMTP_Port>\n\t<SMTP_Port type=\"DWORD\">1d1</SMTP_Port>\n\t<SMTP_Secure_Connection type=\"DWORD\">1</SMTP_Secure_Connection>\n"
        let entry = try #require(try Convert.entries(Self.utf16LE(Self.account(body)), with: Self.adapter).first)
        #expect(entry.port == 25)
    }

    @Test(arguments: badInputs)
    func badInputsAreRejected(_ name: String) throws {
        let input = try Fixtures.input(Self.folder, name)
        #expect(AdapterConformance.malformedViolations(of: Self.adapter, on: input) == [])
    }

    @Test func badPortSaysWhatAndWhere() throws {
        let input = try Fixtures.input(Self.folder, "bad-port.oeaccount")
        do {
            _ = try Convert.run(input, with: Self.adapter)
            Issue.record("accepted")
        } catch {
            #expect(error.kind == .invalidValue)
            #expect(error.message == "line 6: SMTP_Port 'twenty-five' is not a hex DWORD port")
        }
    }

    @Test(arguments: [("xxe.oeaccount", InputError.Kind.xmlExternalEntity), ("billion-laughs.xml", .xmlEntityExpansion), ("empty.oeaccount", .empty)])
    func sharedMalformedInputsAreRejected(_ name: String, _ kind: InputError.Kind) throws {
        let input = try Fixtures.input("malformed", name)
        do {
            _ = try Convert.run(input, with: Self.adapter)
            Issue.record("accepted")
        } catch {
            #expect(error.kind == kind, "\(error.message)")
        }
    }

    @Test func otherRootIsUnsupported() {
        do {
            _ = try Convert.entries(Array("<clientConfig/>".utf8), with: Self.adapter)
            Issue.record("accepted")
        } catch {
            #expect(error.kind == .unsupportedFormat)
        }
    }

    @Test(arguments: ["examples/windows-mail/account{4F2D8A61-0C35-4B8E-9E0B-3C1D2A7F5E10}.oeaccount", "examples/windows-mail/account{9B1E7C42-5D6A-4F3B-8C2E-1A0F4D6B7E93}.oeaccount"])
    func exampleConvertsAndConforms(_ path: String) throws {
        let input = try Fixtures.example(path)
        #expect(Self.adapter.detect(input) == .signature)
        #expect(try Convert.run(input, with: Self.adapter).output != nil)
        #expect(AdapterConformance.violations(of: Self.adapter, on: input) == [])
    }
}
