import MailTLSCore
import MailTLSTestSupport
import Testing
import ThunderbirdPrefs

/// What `scan` reports: one entry per SMTP server (and IMAP/POP3 server) with its effective
/// values, in the report vocabulary.
@Suite struct ScanTests {
    let adapter = ThunderbirdPrefsAdapter()

    func entries(_ text: String) throws -> [ServerEntry] {
        try Convert.entries(Array(text.utf8), with: adapter)
    }

    func detail(_ entry: ServerEntry, _ name: String) -> String? {
        entry.details.first { $0.name == name }?.value
    }

    @Test func manyServersFixture() throws {
        let found = try Convert.entries(Fixtures.bytes("thunderbird-prefs", "many-servers.js"), with: adapter)
        let smtp = found.filter { $0.proto == .smtp }
        // smtp7 is an EWS outgoing server: not SMTP, not reported.
        #expect(smtp.map(\.account) == ["smtp1 (work)", "smtp2", "smtp3", "smtp4", "smtp5", "smtp6"])
        #expect(smtp.map(\.port) == [587, 587, 25, 587, 465, 25])
        #expect(smtp.map(\.security) == [.starttls, .starttls, .starttlsOptional, .tls, .tls, .none])
        #expect(smtp.map(\.host) == [
            "smtp.example.co.jp", "mx.example.com", "legacy.example.jp", "smtp.example.edu", "smtp.example.org",
            "relay.example.net",
        ])
        #expect(detail(smtp[1], "try_ssl") == "2 (from mail.smtpserver.default.try_ssl)")
        #expect(smtp[1].securityLocation != nil)
        #expect(detail(smtp[3], "authMethod") == "10 (OAuth2)")
        #expect(detail(smtp[0], "username") == "yui")
        let incoming = found.filter { $0.proto != .smtp }
        #expect(incoming.map(\.proto) == [.imap, .pop3])
        #expect(incoming.map(\.port) == [143, 995])
        #expect(incoming.map(\.security) == [.starttls, .tls])
    }

    @Test func portLocationPointsAtTheValue() throws {
        let text = "user_pref(\"mail.smtpserver.smtp1.port\", 587);\nuser_pref(\"mail.smtpserver.smtp1.try_ssl\", 2);\n"
        let entry = try #require(try entries(text).first)
        let bytes = Array(text.utf8)
        #expect(entry.portLocation.map { String(decoding: bytes[$0], as: UTF8.self) } == "587")
        #expect(entry.securityLocation.map { String(decoding: bytes[$0], as: UTF8.self) } == "2")
        #expect(entry.host == nil)
    }

    @Test(arguments: [
        (nil as Int?, nil as Int?, 25, Security.none),
        (0, nil, 25, .none),
        (1, nil, 25, .starttlsOptional),
        (2, nil, 25, .starttls),
        (3, nil, 465, .tls),
        (2, 587, 587, .starttls),
        (3, 587, 587, .tls),
        (0, 0, 25, .none),
        (3, -1, 465, .tls),
    ])
    func effectivePortAndSecurity(_ trySSL: Int?, _ port: Int?, _ expectedPort: Int, _ expectedSecurity: Security) throws {
        var text = "user_pref(\"mail.smtpserver.smtp1.hostname\", \"h\");\n"
        if let trySSL { text += "user_pref(\"mail.smtpserver.smtp1.try_ssl\", \(trySSL));\n" }
        if let port { text += "user_pref(\"mail.smtpserver.smtp1.port\", \(port));\n" }
        let entry = try #require(try entries(text).first)
        #expect(entry.port == expectedPort)
        #expect(entry.security == expectedSecurity)
        #expect((entry.portLocation != nil) == (port != nil))
    }

    @Test func defaultBranchTrySSLApplies() throws {
        let text = """
            user_pref("mail.smtpserver.default.try_ssl", 3);
            user_pref("mail.smtpserver.smtp1.hostname", "a.example");
            user_pref("mail.smtpserver.smtp2.hostname", "b.example");
            user_pref("mail.smtpserver.smtp2.try_ssl", 2);
            """
        let found = try entries(text)
        #expect(found.map(\.account) == ["smtp1", "smtp2"])
        #expect(found.map(\.security) == [.tls, .starttls])
        #expect(found.map(\.port) == [465, 25])
    }

    @Test func serverListOrderComesFirstAndListedKeysWithoutPrefsCount() throws {
        let text = """
            user_pref("mail.smtpserver.b.hostname", "b.example");
            user_pref("mail.smtpserver.a.hostname", "a.example");
            user_pref("mail.smtpservers", "a,,c");
            """
        let found = try entries(text)
        #expect(found.map(\.account) == ["a", "c", "b"])
        #expect(found[1].host == nil)
    }

    @Test func typeOtherThanSMTPIsSkipped() throws {
        let text = """
            user_pref("mail.smtpserver.smtp1.hostname", "a.example");
            user_pref("mail.smtpserver.smtp1.type", "ews");
            user_pref("mail.smtpserver.smtp2.hostname", "b.example");
            user_pref("mail.smtpserver.smtp2.type", "smtp");
            user_pref("mail.smtpserver.smtp3.hostname", "c.example");
            """
        #expect(try entries(text).map(\.account) == ["smtp2", "smtp3"])
    }

    @Test func precedenceLockBeatsUserBeatsDefault() throws {
        let text = """
            lockPref("mail.smtpserver.s.port", 2525);
            user_pref("mail.smtpserver.s.port", 587);
            pref("mail.smtpserver.s.port", 25);
            pref("mail.smtpserver.s.try_ssl", 3);
            user_pref("mail.smtpserver.s.try_ssl", 2);
            sticky_pref("mail.smtpserver.s.try_ssl", 0);
            user_pref("mail.smtpserver.t.port", 25);
            user_pref("mail.smtpserver.t.port", 587);
            """
        let found = try entries(text)
        #expect(found[0].port == 2525)
        #expect(found[0].security == .starttls)
        #expect(detail(found[0], "port") == "2525 (lockPref)")
        #expect(found[1].port == 587, "among equal kinds the later statement wins")
    }

    @Test func incomingServers() throws {
        let text = """
            user_pref("mail.server.server1.hostname", "imap.example.com");
            user_pref("mail.server.server1.type", "imap");
            user_pref("mail.server.server1.socketType", 2);
            user_pref("mail.server.server1.userName", "u1");
            user_pref("mail.server.server2.hostname", "pop.example.com");
            user_pref("mail.server.server2.type", "pop3");
            user_pref("mail.server.server3.hostname", "imaps.example.com");
            user_pref("mail.server.server3.type", "imap");
            user_pref("mail.server.server3.isSecure", true);
            user_pref("mail.server.server4.hostname", "Local Folders");
            user_pref("mail.server.server4.type", "none");
            user_pref("mail.server.server5.hostname", "news.example.com");
            user_pref("mail.server.server5.type", "nntp");
            user_pref("mail.server.server6.hostname", "pop3s.example.com");
            user_pref("mail.server.server6.type", "pop3");
            user_pref("mail.server.server6.socketType", 3);
            user_pref("mail.server.default.socketType", 2);
            """
        let found = try entries(text)
        #expect(found.map(\.account) == ["server1", "server2", "server3", "server6"])
        #expect(found.map(\.proto) == [.imap, .pop3, .imap, .pop3])
        #expect(found.map(\.port) == [143, 110, 993, 995])
        #expect(found.map(\.security) == [.starttls, .starttls, .tls, .tls])
        #expect(detail(found[0], "username") == "u1")
        #expect(detail(found[1], "socketType") == "2 (from mail.server.default.socketType)")
        #expect(detail(found[2], "socketType") == "3 (from isSecure)")
    }

    @Test func passwordPrefsAreSecret() throws {
        let text = "user_pref(\"mail.smtpserver.smtp1.hostname\", \"h\");\nuser_pref(\"extensions.x.Password\", \"hunter22\");\n"
        let bytes = Array(text.utf8)
        let secrets = try Convert.secrets(bytes, with: adapter)
        #expect(secrets.map { String(decoding: bytes[$0], as: UTF8.self) } == ["\"hunter22\""])
        #expect(try entries(text).allSatisfy { !$0.details.contains { $0.value.contains("hunter22") } })
    }

    @Test func fileWithoutServersHasNoEntries() throws {
        #expect(try entries("// Mozilla User Preferences\n\nuser_pref(\"a.b\", true);\n").isEmpty)
        #expect(try entries("# only a comment\n").isEmpty)
    }

    @Test func utf8BOMIsAccepted() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("user_pref(\"mail.smtpserver.s.hostname\", \"h\");".utf8)
        #expect(try Convert.entries(bytes, with: adapter).count == 1)
    }
}
