import MailTLSCore
import MailTLSTestSupport
@testable import OutlookExpressIAF
import Testing

@Suite struct ScanTests {
    let adapter = OutlookExpressIAFAdapter()

    func detail(_ entry: ServerEntry, _ name: String) -> String? {
        entry.details.first { $0.name == name }?.value
    }

    @Test func pop3AccountOn587() throws {
        let file = try Fixtures.input("outlook-express-iaf", "oe6-pop3-587.iaf")
        let entries = try Convert.entries(file.bytes, with: adapter)
        // IMAP port/SSL records with defaults are present, but there is no IMAPServer: no IMAP entry.
        #expect(entries.map(\.proto) == [.pop3, .smtp])
        let smtp = entries[1]
        #expect(smtp.account == "Example Mail")
        #expect(smtp.host == "smtp.example.com")
        #expect(smtp.port == 587)
        #expect(smtp.portLocation == 0x130..<0x134)
        #expect(smtp.security == .starttls)
        #expect(smtp.securityLocation == 0x13C..<0x140)
        #expect(detail(smtp, "auth") == "same settings as the incoming server")
        #expect(detail(smtp, "ssl") == "on")
        #expect(detail(smtp, "account name") == "Example Mail")
        #expect(detail(smtp, "account id") == "00000002")
        #expect(detail(smtp, "display name") == "John Doe")
        #expect(detail(smtp, "email address") == "john.doe@example.com")
        #expect(detail(smtp, "password") == nil)
        let pop3 = entries[0]
        #expect(pop3.host == "pop.example.com")
        #expect(pop3.port == 110)
        #expect(pop3.security == .none)
        #expect(detail(pop3, "user name") == "john.doe")
        #expect(detail(pop3, "password") == "********")
        #expect(detail(pop3, "spa") == "off")
    }

    @Test func secretsAreThePassRecordsData() throws {
        let file = try Fixtures.input("outlook-express-iaf", "oe6-pop3-587.iaf")
        let secrets = try Convert.secrets(file.bytes, with: adapter)
        #expect(secrets == [0xB4..<0xC7])
        let entries = try Convert.entries(file.bytes, with: adapter)
        let shown = entries.flatMap { $0.details.map(\.value) + [$0.account, $0.host ?? ""] }
        // The plaintext (Tr0ub4dor-3x) and the obfuscated bytes never reach a detail.
        let secret = String(decoding: file.bytes[secrets[0]], as: UTF8.self)
        #expect(!shown.contains { $0.contains("Tr0ub4dor") || $0.contains(secret) })
    }

    @Test func cp932StringsAreDecoded() throws {
        let file = try Fixtures.input("outlook-express-iaf", "oe6-jp-noport.iaf")
        let entries = try Convert.entries(file.bytes, with: adapter)
        #expect(entries.map(\.proto) == [.pop3, .smtp])
        let smtp = entries[1]
        #expect(smtp.account == "本社 メール")
        #expect(smtp.host == "smtp.example.co.jp")
        #expect(smtp.port == 25)
        #expect(smtp.portLocation == nil)
        #expect(smtp.security == .starttls)
        #expect(detail(smtp, "display name") == "田中 一郎")
        #expect(detail(smtp, "port record") == "absent (default 25)")
        #expect(entries[0].account == "本社 メール")
    }

    @Test func cp932BytesWithBackslashTrailBytes() throws {
        // 表 is 95 5C and ソ is 83 5C in CP932: the trail byte is ASCII "\".
        let bytes = IAFTestBytes.file([
            IAFTestBytes.string(ID.accountName, [0x95, 0x5C, 0x83, 0x5C]),
            IAFTestBytes.string(ID.smtpServer, "smtp.example.jp"), IAFTestBytes.dword(ID.smtpSSL, 1),
        ])
        let entries = try Convert.entries(bytes, with: adapter)
        #expect(entries.first?.account == "表ソ")
    }

    @Test func imapAccountAlreadyOnImplicitTLS() throws {
        let file = try Fixtures.input("outlook-express-iaf", "oe6-plain-25.iaf")
        let entries = try Convert.entries(file.bytes, with: adapter)
        #expect(entries.map(\.proto) == [.imap, .smtp])
        #expect(entries[0].host == "mail.example.org")
        #expect(entries[0].port == 993)
        #expect(entries[0].security == .tls)
        #expect(entries[1].port == 25)
        #expect(entries[1].security == .none)
        #expect(detail(entries[1], "ssl") == "off")
        #expect(detail(entries[0], "password") == "********")
    }

    @Test func smtpAuthMethodNames() {
        #expect(IAFEntryDetails.smtpAuthMethodName(0) == "none")
        #expect(IAFEntryDetails.smtpAuthMethodName(1) == "secure password authentication (SPA)")
        #expect(IAFEntryDetails.smtpAuthMethodName(2) == "same settings as the incoming server")
        #expect(IAFEntryDetails.smtpAuthMethodName(3) == "own user name and password")
        #expect(IAFEntryDetails.smtpAuthMethodName(7) == "unknown (7)")
    }

    @Test func unnamedAccountAndEntryWithoutServerRecord() throws {
        let bytes = IAFTestBytes.file([IAFTestBytes.dword(ID.smtpSSL, 1)])
        let entries = try Convert.entries(bytes, with: adapter)
        #expect(entries.count == 1)
        #expect(entries[0].account == "(unnamed)")
        #expect(entries[0].host == nil)
        #expect(entries[0].port == 25)
        #expect(entries[0].security == .starttls)
        #expect(detail(entries[0], "auth") == "none (no SMTPAuthMethod record)")
    }

    @Test func emptyAccountNameIsUnnamed() throws {
        let bytes = IAFTestBytes.file([IAFTestBytes.string(ID.accountName, ""), IAFTestBytes.string(ID.smtpServer, "s")])
        #expect(try Convert.entries(bytes, with: adapter).first?.account == "(unnamed)")
    }

    @Test func headerOnlyFileHasNoEntries() throws {
        #expect(try Convert.entries(IAFTestBytes.header, with: adapter).isEmpty)
        let news = IAFTestBytes.file([IAFTestBytes.dword(ID.nntpPort, 119), IAFTestBytes.dword(ID.nntpSSL, 1)])
        #expect(try Convert.entries(news, with: adapter).isEmpty)
    }

    @Test func entriesFollowFileOrder() throws {
        let bytes = IAFTestBytes.file([
            IAFTestBytes.string(ID.smtpServer, "smtp"), IAFTestBytes.string(ID.imapServer, "imap"),
            IAFTestBytes.string(ID.pop3Server, "pop"),
        ])
        #expect(try Convert.entries(bytes, with: adapter).map(\.proto) == [.smtp, .imap, .pop3])
    }

    @Test func sslValueOtherThanOneIsOff() throws {
        let bytes = IAFTestBytes.file([IAFTestBytes.string(ID.smtpServer, "s"), IAFTestBytes.dword(ID.smtpSSL, 2)])
        let entry = try #require(try Convert.entries(bytes, with: adapter).first)
        #expect(entry.security == .none)
        #expect(detail(entry, "ssl") == "off (unexpected value 2)")
    }

    @Test func stringStopsAtFirstNUL() throws {
        let bytes = IAFTestBytes.file([IAFTestBytes.record(ID.smtpServer, Array("smtp.example.com".utf8) + [0, 0x41, 0x42, 0])])
        #expect(try Convert.entries(bytes, with: adapter).first?.host == "smtp.example.com")
    }

    @Test func emptyServerStringHasNoHost() throws {
        let bytes = IAFTestBytes.file([IAFTestBytes.record(ID.smtpServer, [0, 0, 0, 0])])
        #expect(try Convert.entries(bytes, with: adapter).first?.host == nil)
    }
}
