import MailTLSCore
import MailTLSTestSupport
import Testing
import ThunderbirdPrefs

/// Broken files are rejected with the line of the first problem; nothing is converted.
@Suite struct MalformedTests {
    let adapter = ThunderbirdPrefsAdapter()

    func error(_ text: String) -> InputError? {
        do {
            _ = try Convert.entries(Array(text.utf8), with: adapter)
            return nil
        } catch {
            return error
        }
    }

    @Test func sharedUnterminatedFixture() throws {
        let input = try Fixtures.input("malformed", "unterminated.js")
        #expect(adapter.detect(input) == .content)
        #expect(AdapterConformance.malformedViolations(of: adapter, on: input) == [])
        #expect(throws: InputError(.syntax, "line 15: unterminated string")) { try Convert.run(input, with: adapter) }
    }

    @Test(arguments: [
        ("user_pref(\"a\", 1);\nuser_pref(\"b, 2);\n", "line 2: unterminated string"),
        ("user_pref(\"a\", 1);\n/* never closed\nuser_pref(\"b\", 2);\n", "line 2: unterminated comment"),
        ("user_pref(\"a\", 1);\r\n\r\nthis is junk;\r\n", "line 3: expected user_pref, pref, lockPref or sticky_pref"),
        ("user_pref(\"a\" 1);", "line 1: expected ',' after the preference name"),
        ("user_pref(\"a\", 1)\nuser_pref(\"b\", 2);", "line 2: expected ';' after user_pref(...)"),
        ("user_pref(a, 1);", "line 1: expected a quoted preference name"),
        ("user_pref(\"a\", yes);", "line 1: expected a string, integer, true or false as the value of a"),
        ("pref(\"a\", 1, sticky);", "line 1: attributes (sticky, locked) are only allowed in default preference files"),
        ("user_pref(\"a\", 2147483648);", "line 1: integer out of range"),
        ("user_pref(\"a\", -2147483649);", "line 1: integer out of range"),
        ("user_pref(\"a\", - 5);", "line 1: expected digits after '-'"),
        ("user_pref(\"a\", \"\\t\");", "line 1: unknown escape in string"),
        ("user_pref(\"a\", \"\\x0\");", "line 1: bad \\x escape in string"),
        ("user_pref(\"a\", \"\\x00\");", "line 1: bad \\x escape in string"),
        ("user_pref(\"a\", \"\\u0000\");", "line 1: bad \\u escape in string"),
        ("user_pref(\"a\", \"\\ud800\");", "line 1: bad \\u escape in string"),
        ("user_pref(\"a\", \"\\udc00\");", "line 1: bad \\u escape in string"),
        ("user_pref(\"a\",\n\n 1) @;", "line 3: unexpected character '@'"),
        ("user_pref(\"a\", 1);\rjunk\r", "line 2: expected user_pref, pref, lockPref or sticky_pref"),
        ("user_pref(\"a\", \"multi\nline\nvalue\");\nuser_pref(\"b\", 1 1);", "line 4: expected ')' after the value of b"),
    ])
    func rejectsWithLine(_ text: String, _ message: String) {
        let error = error(text)
        #expect(error == InputError(.syntax, message))
    }

    @Test func countsFurtherErrorsAfterRecovery() {
        let text = "bad;\nuser_pref(\"ok\", 1);\nuser_pref(\"x\", );\nalso bad;\n"
        #expect(error(text) == InputError(.syntax, "line 1: expected user_pref, pref, lockPref or sticky_pref (and 2 more syntax errors)"))
    }

    @Test func junkCharacterIsNotEchoed() {
        // Letters may belong to a password: the message names the line only.
        let error = error("user_pref(\"mail.x.password\", s3cr3t);")
        #expect(error?.message.contains("s3cr3t") == false)
        #expect(error?.kind == .syntax)
    }

    @Test func rejectsBinaryAndEmptyFiles() {
        #expect(throws: InputError.self) { try Convert.entries([], with: adapter) }
        #expect(throws: InputError.self) { try Convert.entries(Array("user_pref(\"a\", 1);\0".utf8), with: adapter) }
    }

    @Test(arguments: [
        ("user_pref(\"mail.smtpserver.smtp1.try_ssl\", 7);", "line 1: mail.smtpserver.smtp1.try_ssl is 7, expected 0 to 3"),
        ("user_pref(\"mail.smtpserver.smtp1.try_ssl\", \"2\");", "line 1: mail.smtpserver.smtp1.try_ssl must be an integer"),
        ("user_pref(\"mail.smtpserver.smtp1.port\", 70000);", "line 1: mail.smtpserver.smtp1.port is 70000, not a port"),
        ("user_pref(\"mail.smtpservers\", 3);", "line 1: mail.smtpservers must be a string"),
        ("user_pref(\"mail.server.s1.type\", \"imap\");\nuser_pref(\"mail.server.s1.socketType\", true);", "line 2: mail.server.s1.socketType must be an integer"),
    ])
    func rejectsValuesItCannotInterpret(_ text: String, _ message: String) {
        #expect(error(text) == InputError(.invalidValue, message))
    }

    /// Fuzzing found this: a listed server key with a dot (`9.`) got `mail.smtpserver.9..port`
    /// inserted, which reads back as server `9`: an extra server ("internal error"). Now a
    /// clear error.
    @Test func serverKeyWithADotIsRefusedWhenALineMustBeAdded() throws {
        let insert = Array("pref(\"mail.smtpserver.default.try_ssl\",2);pref(\"mail.smtpservers\",\"9.\");".utf8)
        let error = try #require(throws: InputError.self) { try Convert.run(InputFile(name: "prefs.js", bytes: insert), with: adapter) }
        #expect(error == InputError(.unsupportedFormat, "server key \"9.\" contains a dot: a setting added for it would read as another server"))
    }

    /// Fuzzing found this: a server key holding bytes that are not valid CP932 (`93 31`)
    /// decodes to U+FFFD; the inserted `port` line then named a different key, which the core's
    /// re-scan caught as an extra server ("internal error"). Now a clear encoding error.
    @Test func serverKeyThatCannotBeWrittenBackIsAnEncodingError() throws {
        let bytes: [UInt8] = Array("pref(\"mail.smtpserver.default.try_ssl\",2);pref(\"mail.smtpservers\", \"".utf8) + [0x93, 0x31] + Array("\");".utf8)
        let error = try #require(throws: InputError.self) { try Convert.run(InputFile(name: "prefs.js", bytes: bytes), with: adapter) }
        #expect(error.kind == .encoding)
        #expect(error.message.hasPrefix("line 1: the server key in mail.smtpservers cannot be written back in CP932"), "\(error.message)")
    }
}

/// Damaged copies of a real profile: scanning must end in entries or an InputError, never a
/// crash or a hang.
@Suite struct MutationTests {
    @Test func damagedProfilesNeverCrash() throws {
        let adapter = ThunderbirdPrefsAdapter()
        let original = try Fixtures.bytes("thunderbird-prefs", "profile-two-smtp.js")
        var generator = SeededGenerator(seed: 0x7B_5EED)
        let interesting = Array("\"'\\/*#;(),\r\n0x-u".utf8)
        var rejected = 0
        for _ in 0..<200 {
            var bytes = original
            for _ in 0..<3 {
                let at = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 3 {
                case 0: bytes[at] = interesting[Int(generator.next() % UInt64(interesting.count))]
                case 1: bytes.remove(at: at)
                default: bytes.insert(interesting[Int(generator.next() % UInt64(interesting.count))], at: at)
                }
            }
            do {
                _ = try Convert.run(InputFile(name: "prefs.js", bytes: bytes), with: adapter)
            } catch {
                #expect(!error.message.isEmpty)
                rejected += 1
            }
        }
        #expect(rejected > 0)
    }
}

