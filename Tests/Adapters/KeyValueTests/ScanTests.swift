import MailTLSCore
import MailTLSTestSupport
import Testing

/// What each built-in profile reads: effective ports and security, inheritance, labels, hosts,
/// locations and secrets.
@Suite struct ScanTests {
    private func entries(_ folder: String, _ name: String) throws -> [ServerEntry] {
        try Convert.entries(Fixtures.bytes(folder, name), name: name, with: Profiles.adapter(folder))
    }

    private func summary(_ entries: [ServerEntry]) -> [String] {
        entries.map { "\($0.account) \($0.proto.rawValue) \($0.host ?? "-") \($0.port)\($0.portIsDefault ? "d" : "") \($0.security.rawValue)" }
    }

    @Test func msmtpDefaultsAndInheritance() throws {
        #expect(summary(try entries("msmtp", "inheritance.msmtprc")) == [
            "a smtp smtp.a.example 587 starttls",       // port and tls from defaults
            "b smtp smtp.b.example 587 starttls",       // inherits a (and defaults)
            "c smtp smtp.c.example 587 starttls",
            "d smtp relay.d.example 587 none",          // own `tls off` beats defaults
            "e smtp smtp.e.example 25 starttls",        // `tls` and `tls_starttls` alone mean on
            "f smtp smtp.f.example 465 tls",            // the second defaults block applies below it only
            "default smtp smtp.c.example 587 starttls", // `account default : c` is an entry of its own
        ])
    }

    @Test func msmtpDefaultPortFollowsTLSMode() throws {
        let text = "account x\nhost h\ntls on\ntls_starttls off\naccount y\nhost h\ntls on\naccount z\nhost h\n"
        #expect(summary(try Convert.entries(text.bytes, with: Profiles.adapter("msmtp"))) == [
            "x smtp h 465d tls", "y smtp h 25d starttls", "z smtp h 25d none",
        ])
    }

    @Test func gitIdentitiesFallBackToSendemail() throws {
        #expect(summary(try entries("git", "identities.gitconfig")) == [
            "[sendemail] smtp smtp.example.com 587 starttls",
            "work smtp smtp.work.example 587 starttls",   // port and encryption from [sendemail]
            "home smtp mail.home.example 25 starttls",    // lower-case keys, quoted "TLS"
            "relay smtp relay.example.net 587 none",
            "dup smtp dup.example.org 587 starttls",      // duplicate key: the last one counts
        ])
    }

    @Test func gitSSLDefaultsTo465() throws {
        let text = "[sendemail]\n\tsmtpServer = h\n\tsmtpEncryption = ssl\n"
        #expect(summary(try Convert.entries(text.bytes, with: Profiles.adapter("git"))) == ["[sendemail] smtp h 465d tls"])
    }

    @Test func gitSectionWithoutServerKeysIsNoEntry() throws {
        let text = "[sendemail]\n\tconfirm = always\n[core]\n\tsmtpServer = not-ours\n"
        #expect(try Convert.entries(text.bytes, with: Profiles.adapter("git")).isEmpty)
    }

    @Test func clawsSetSmtpportZeroMeansDefaultPort() throws {
        let found = try entries("claws", "set-smtpport-0.accountrc")
        #expect(summary(found) == [
            "Default port STARTTLS smtp smtp.example.com 25d starttls",
            "Tunnel default port smtp smtp.example.org 465d tls",
            "No port keys smtp mail.example.net 25d starttls",
        ])
        #expect(found.allSatisfy { $0.portLocation == nil })
    }

    @Test func regDecodesContinuedHexStrings() throws {
        let found = try entries("reg", "continuation.reg")
        #expect(summary(found) == ["Work smtp smtp.work.example 587 starttls", "Work imap imap 143 starttls"])
        let file = try Fixtures.bytes("reg", "continuation.reg")
        let port = try #require(found[0].portLocation)
        #expect(TextEncoding.utf16LE.decode(file[port]) == "dword:0000024b")
    }

    @Test func regSecureConnectionIsFourWayUnderOutlookAndBooleanUnderOE() throws {
        let outlook = #"HKEY_CURRENT_USER\Software\Microsoft\Windows NT\CurrentVersion\Windows Messaging Subsystem\Profiles\P\9375CFF0413111d3B88A00104B2A6676"#
        let oe = #"HKEY_CURRENT_USER\Software\Microsoft\Internet Account Manager\Accounts"#
        var text = "REGEDIT4\r\n\r\n"
        for (index, value) in [1, 2, 3].enumerated() {
            text += "[\(outlook)\\0000000\(index)]\r\n\"SMTP Server\"=\"o\(value)\"\r\n\"SMTP Secure Connection\"=dword:0000000\(value)\r\n\r\n"
            text += "[\(oe)\\0000001\(index)]\r\n\"SMTP Server\"=\"e\(value)\"\r\n\"SMTP Secure Connection\"=dword:0000000\(value)\r\n\r\n"
        }
        text += "[\(oe)\\00000020]\r\n\"SMTP Server\"=\"u\"\r\n\"SMTP Port\"=dword:000001d1\r\n\"SMTP Use SSL\"=dword:00000001\r\n"
        let found = try Convert.entries(text.bytes, with: Profiles.adapter("reg"))
        #expect(found.map(\.security) == [.starttls, .starttls, .starttls, .starttls, .auto, .starttls, .tls])
        #expect(found.map { $0.host ?? "" } == ["o1", "e1", "o2", "e2", "o3", "e3", "u"])
    }

    @Test func regLabelsAndDetailsNeverShowSecrets() throws {
        let found = try entries("reg", "oe-identity.reg")
        #expect(found.map(\.proto) == [.smtp, .pop3])
        #expect(found[0].account == "smtp.example.com")
        #expect(found[0].details.contains(ServerEntry.Detail("SMTP Email Address", "lee@example.com")))
        #expect(!found.flatMap(\.details).contains { $0.name.lowercased().contains("password") })
    }

    @Test func regedit4KeepsCP932TrailBytesInsideStrings() throws {
        let found = try entries("reg", "regedit4-trail5c.reg")
        #expect(summary(found) == ["ソフト開発部 smtp smtp.example.co.jp 25 starttls", "表計算 smtp relay.example.co.jp 587 none"])
    }

    @Test(arguments: [
        ("msmtp", "inheritance.msmtprc", ["\"a pass#1\""]),
        ("git", "identities.gitconfig", ["\"W0rk;Pass#1\""]),
        ("git", "sendemail.gitconfig", ["Gz5-wN3qL8"]),
        ("claws", "set-smtpport-0.accountrc", ["Secr3t!"]),
        ("reg", "oe-identity.reg", ["hex:01,02,03,04,a1,b2,c3,d4,e5,f6,07,18,29,3a,4b,5c,6d,7e,8f,90"]),
        ("reg", "regedit4-trail5c.reg", ["hex:95,5c,83,5c"]),
    ])
    func secretRangesCoverPasswords(folder: String, name: String, secrets: [String]) throws {
        let bytes = try Fixtures.bytes(folder, name)
        let adapter = try Profiles.adapter(folder)
        let ranges = try Convert.secrets(bytes, with: adapter)
        let encoding = TextEncoding.detect(bytes)
        #expect(ranges.map { encoding.decode(bytes[$0]) } == secrets)
    }

    /// REG_BINARY strings are read byte by byte: continuation blanks and letter case do not matter, and an
    /// item that is not one hex byte makes the value unreadable, so that server is left alone.
    @Test func binaryHostsAreDecodedOrLeftAlone() throws {
        func hosts(_ smtpServer: String) throws -> [String] {
            let text = "REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Windows Messaging Subsystem\\Profiles\\Outlook\\9375CFF0413111d3B88A00104B2A6676\\00000002]\r\n"
                + "\"Account Name\"=hex:41,00\r\n\"SMTP Server\"=\(smtpServer)\r\n\"SMTP Port\"=dword:00000019\r\n\"SMTP Use SSL\"=dword:00000001\r\n"
            return try Convert.entries(Array(text.utf8), name: "x.reg", with: Profiles.adapter("reg")).map { $0.host ?? "-" }
        }
        #expect(try hosts("hex:73,00,6D,00,\\\r\n  74,00,70,00,00,00") == ["smtp"])
        #expect(try hosts("hex:73,6d,74,70,,") == ["smtp"])
        #expect(try hosts("hex:73,00,100,00").isEmpty)
    }

    @Test func continuedSecretIsOneRange() throws {
        let bytes = try Fixtures.bytes("reg", "continuation.reg")
        let ranges = try Convert.secrets(bytes, with: Profiles.adapter("reg"))
        #expect(ranges.map { TextEncoding.utf16LE.decode(bytes[$0]) } == ["hex:de,ad,be,ef,\\\r\n  01,02"])
    }
}
