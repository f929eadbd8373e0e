import MailTLSCore
import MailTLSTestSupport
import Testing
@testable import KeyValue

/// Endpoint values (`smtp://user@host:587/`, `[host]:587`, `host:587`) at the profile level: a
/// conversion rewrites the scheme and the port inside the value and nothing else.
@Suite struct EndpointValueTests {
    /// (profile, input, expected output with default options).
    static let cases: [(profile: String, input: String, expected: String)] = [
        // IPv6 literal with a port.
        ("mutt", "set smtp_url = \"smtp://[::1]:587\"\nset ssl_force_tls = yes\n",
         "set smtp_url = \"smtps://[::1]:465\"\nset ssl_force_tls = yes\n"),
        // User with an escaped @ and a password; path and query kept.
        ("mutt", "set smtp_url = \"smtp://me%40example.com:pa%3Ass@mail.example.com:587/x?y=1\"\n",
         "set smtp_url = \"smtps://me%40example.com:pa%3Ass@mail.example.com:465/x?y=1\"\n"),
        // No port: smtps:// means 465, so none is written...
        ("mutt", "set smtp_url=smtp://mail.example.com/\n", "set smtp_url=smtps://mail.example.com/\n"),
        // ...but a bracketed Postfix relay without port means 25, so :465 is added after the bracket.
        ("postfix", "relayhost = [2001:db8::1]\nsmtp_tls_security_level = encrypt\n",
         "relayhost = [2001:db8::1]:465\nsmtp_tls_security_level = encrypt\nsmtp_tls_wrappermode = yes\n"),
        // Upper and capitalised schemes keep their letter case.
        ("mutt", "set smtp_url='SMTP://MAIL.EXAMPLE.COM:587'\n", "set smtp_url='SMTPS://MAIL.EXAMPLE.COM:465'\n"),
        ("aerc", "[a]\noutgoing = Smtp://u@h.example:587\n", "[a]\noutgoing = Smtps://u@h.example:465\n"),
        // Both kinds of quotes, and a trailing comment.
        ("roundcube", "<?php\n$config[\"smtp_host\"] = \"tls://h.example:587\"; // ours\n",
         "<?php\n$config[\"smtp_host\"] = \"ssl://h.example:465\"; // ours\n"),
        ("roundcube", "<?php\n$config['smtp_host'] = 'tls://h.example:587';\n", "<?php\n$config['smtp_host'] = 'ssl://h.example:465';\n"),
        // Trailing path on a relay URL, options after it.
        ("opensmtpd", "action \"x\" relay host smtp+tls://lbl@h.example:587/ auth <s> mail-from \"@example.com\"\n",
         "action \"x\" relay host smtps://lbl@h.example:465/ auth <s> mail-from \"@example.com\"\n"),
        // A host:port value without scheme.
        ("ssmtp", "mailhub = h.example:587\nUseSTARTTLS = Yes\n", "mailhub = h.example:465\nUseSTARTTLS = No\nUseTLS = YES\n"),
    ]

    @Test(arguments: cases.indices)
    func onlySchemeAndPortChange(index: Int) throws {
        let (profile, input, expected) = Self.cases[index]
        let output = try Convert.bytes(InputFile(name: "x", bytes: Array(input.utf8)), with: Profiles.adapter(profile))
        #expect(output.debugText == expected)
    }

    @Test func anotherTargetPortIsWrittenWhereTheSchemeDefaultDiffers() throws {
        let policy = ConversionPolicy(toPort: 2465)
        let input = InputFile(name: "x", bytes: Array("set smtp_url=\"smtp://mail.example.com/\"\n".utf8))
        let output = try Convert.bytes(input, with: Profiles.adapter("mutt"), policy: policy)
        #expect(output.debugText == "set smtp_url=\"smtps://mail.example.com:2465/\"\n")
    }

    @Test func entriesCarryHostPortAndSecurity() throws {
        let entries = try Convert.entries(Array("set smtp_url = \"smtp://u@[::1]:587/\"\nunset ssl_starttls\n".utf8), with: Profiles.adapter("mutt"))
        #expect(entries.count == 1)
        #expect(entries.first?.host == "::1")
        #expect(entries.first?.port == 587)
        #expect(entries.first?.security == Security.none)
        let optional = try Convert.entries(Array("set smtp_url = smtp://h.example\n".utf8), with: Profiles.adapter("mutt"))
        #expect(optional.first?.port == 25)
        #expect(optional.first?.security == .starttlsOptional)
    }

    /// The user part may hold a password (`user:password@`): that is a secret range, and a
    /// value that is no endpoint is not quoted when it has a user part.
    @Test func userPartIsSecretAndNeverQuoted() throws {
        let text = "set smtp_url = \"smtp://me:hunter2@h.example:587\"\n"
        let secrets = try Convert.secrets(Array(text.utf8), with: Profiles.adapter("mutt"))
        #expect(secrets.map { String(decoding: Array(text.utf8)[$0], as: UTF8.self) } == ["hunter2"])
        #expect(try Convert.secrets(Array("set smtp_url = smtp://me@h.example\n".utf8), with: Profiles.adapter("mutt")).isEmpty)
        let broken = InputFile(name: "x", bytes: Array("set smtp_url = \"smtp://me:hunt er2@h.example:587\"\n".utf8))
        let outcome = try Convert.run(broken, with: Profiles.adapter("mutt"))
        #expect(outcome.output == nil)
        #expect(!outcome.scanWarnings.isEmpty)
        #expect(!outcome.scanWarnings.joined().contains("hunt"))
    }

    @Test func unknownSchemeLeavesOnlyThatEntry() throws {
        let file = try Fixtures.input("opensmtpd", "unknown-scheme.conf")
        let outcome = try Convert.run(file, with: Profiles.adapter("opensmtpd"))
        #expect(outcome.conversions.map(\.entry.account) == ["out"])
        let lmtp = try Convert.entries(file.bytes, with: Profiles.adapter("opensmtpd")).first
        #expect(lmtp?.unknownValue == "line 1: host: scheme 'lmtp' is not one this profile knows (SMTP entry 'lmtp')")
    }

    @Test func postfixWithoutBracketsIsAnMXLookupLeftAsIs() throws {
        let entries = try Convert.entries(Array("relayhost = smtp.example.com:587\nsmtp_tls_security_level = encrypt\n".utf8), with: Profiles.adapter("postfix"))
        #expect(entries.first?.unknownValue?.contains("MX lookup") == true)
        let none = try Convert.entries(Array("relayhost =\nsmtp_tls_security_level = may\n".utf8), with: Profiles.adapter("postfix"))
        #expect(none.isEmpty, "no relayhost: direct delivery, no entry")
    }

    @Test func aercOlderMeaningWhenSmtpStarttlsIsPresent() throws {
        let adapter = try Profiles.adapter("aerc")
        let newer = try Convert.entries(Array("[a]\noutgoing = smtp://h.example\n".utf8), with: adapter)
        #expect(newer.first?.security == .starttls)
        #expect(newer.first?.port == 587)
        let older = try Convert.entries(Array("[a]\noutgoing = smtp://h.example\nsmtp-starttls = no\n".utf8), with: adapter)
        #expect(older.first?.security == Security.none)
        let plain = try Convert.entries(Array("[a]\noutgoing = smtp+plain://h.example\n".utf8), with: adapter)
        #expect(plain.first?.security == Security.none)
    }

    @Test func nullmailerFlagsAreRenamedAndAppended() throws {
        let input = InputFile(name: "remotes", bytes: Array("h.example smtp --starttls --user=u --pass=p\n".utf8))
        let output = try Convert.bytes(input, with: Profiles.adapter("nullmailer"))
        #expect(output.debugText == "h.example smtp --ssl --user=u --pass=p --port=465\n")
        #expect(try Convert.secrets(input.bytes, with: Profiles.adapter("nullmailer")).count == 1)
    }
}
