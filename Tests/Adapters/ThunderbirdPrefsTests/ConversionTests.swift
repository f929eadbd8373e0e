import MailTLSCore
import MailTLSTestSupport
import Testing
import ThunderbirdPrefs

/// Edits under non-default options and in layouts the goldens do not cover. Expected texts are
/// the input with the changes the rules ask for, written out here.
@Suite struct ConversionTests {
    let adapter = ThunderbirdPrefsAdapter()

    func convert(_ text: String, _ policy: ConversionPolicy = ConversionPolicy()) throws -> String {
        let file = InputFile(name: "prefs.js", bytes: Array(text.utf8))
        let outcome = try Convert.run(file, with: adapter, policy: policy)
        let output = outcome.output ?? file.bytes
        // Every conversion must be final: a second run finds nothing.
        let again = try Convert.run(InputFile(name: "prefs.js", bytes: output), with: adapter, policy: policy)
        #expect(again.output == nil)
        #expect(AdapterConformance.violations(of: adapter, on: file, policy: policy) == [])
        return String(decoding: output, as: UTF8.self)
    }

    @Test func serverFilterMatchesHostname() throws {
        let input = try Fixtures.bytes("thunderbird-prefs", "many-servers.js").debugText
        let policy = ConversionPolicy(serverPatterns: [HostPattern("SMTP.example.co.*")])
        let expected = input
            .replacingOccurrences(of: "\"mail.smtpserver.smtp1.port\", 587", with: "\"mail.smtpserver.smtp1.port\", 465")
            .replacingOccurrences(of: "\"mail.smtpserver.smtp1.try_ssl\", 2", with: "\"mail.smtpserver.smtp1.try_ssl\", 3")
        #expect(try convert(input, policy) == expected)
        let outcome = try Convert.run(InputFile(name: "prefs.js", bytes: Array(input.utf8)), with: adapter, policy: policy)
        #expect(outcome.decisions.filter { $0.verdict == .hostNotSelected }.count == 5, "smtp2...smtp6; incoming servers are not selected by protocol")
    }

    @Test func incomingOnlyWhenAsked() throws {
        let input = """
            user_pref("mail.server.server1.hostname", "imap.example.com");
            user_pref("mail.server.server1.port", 143);
            user_pref("mail.server.server1.socketType", 2);
            user_pref("mail.server.server1.type", "imap");
            user_pref("mail.server.server2.hostname", "pop.example.com");
            user_pref("mail.server.server2.socketType", 1);
            user_pref("mail.server.server2.type", "pop3");
            user_pref("mail.server.server3.hostname", "imap.example.org");
            user_pref("mail.server.server3.type", "imap");
            user_pref("mail.server.server4.hostname", "plain.example.org");
            user_pref("mail.server.server4.socketType", 0);
            user_pref("mail.server.server4.type", "imap");
            user_pref("mail.server.default.socketType", 2);

            """
        #expect(try convert(input) == input)
        let expected = """
            user_pref("mail.server.server1.hostname", "imap.example.com");
            user_pref("mail.server.server1.port", 993);
            user_pref("mail.server.server1.socketType", 3);
            user_pref("mail.server.server1.type", "imap");
            user_pref("mail.server.server2.hostname", "pop.example.com");
            user_pref("mail.server.server2.socketType", 3);
            user_pref("mail.server.server2.port", 995);
            user_pref("mail.server.server2.type", "pop3");
            user_pref("mail.server.server3.hostname", "imap.example.org");
            user_pref("mail.server.server3.socketType", 3);
            user_pref("mail.server.server3.port", 993);
            user_pref("mail.server.server3.type", "imap");
            user_pref("mail.server.server4.hostname", "plain.example.org");
            user_pref("mail.server.server4.socketType", 0);
            user_pref("mail.server.server4.type", "imap");
            user_pref("mail.server.default.socketType", 2);

            """
        #expect(try convert(input, ConversionPolicy(protocols: [.smtp, .imap, .pop3])) == expected)
    }

    @Test func isSecureOn143MovesOnlyThePort() throws {
        let input = """
            user_pref("mail.server.s1.hostname", "imap.example.com");
            user_pref("mail.server.s1.isSecure", true);
            user_pref("mail.server.s1.port", 143);
            user_pref("mail.server.s1.type", "imap");
            """
        let expected = input.replacingOccurrences(of: "143", with: "993")
        #expect(try convert(input, ConversionPolicy(protocols: [.imap])) == expected)
    }

    @Test func missingTrySSLAndHostnameInsertsAfterTheServersLastLine() throws {
        let input = """
            pref("mail.smtpserver.default.try_ssl", 2);
            user_pref("mail.smtpserver.smtp1.username", "u");
            user_pref("mail.smtpserver.smtp1.authMethod", 3);
            user_pref("other.pref", 1);

            """
        let expected = """
            pref("mail.smtpserver.default.try_ssl", 2);
            user_pref("mail.smtpserver.smtp1.username", "u");
            user_pref("mail.smtpserver.smtp1.authMethod", 3);
            user_pref("mail.smtpserver.smtp1.try_ssl", 3);
            user_pref("mail.smtpserver.smtp1.port", 465);
            user_pref("other.pref", 1);

            """
        #expect(try convert(input) == expected)
    }

    @Test func listedServerWithoutPrefsGetsItsLinesAfterTheList() throws {
        let input = "user_pref(\"mail.smtpserver.default.try_ssl\", 1);\nuser_pref(\"mail.smtpservers\", \"smtp1\");\n"
        let expected = input + "user_pref(\"mail.smtpserver.smtp1.try_ssl\", 3);\nuser_pref(\"mail.smtpserver.smtp1.port\", 465);\n"
        #expect(try convert(input) == expected)
    }

    @Test func defaultBranchIsNeverEdited() throws {
        let input = """
            user_pref("mail.smtpserver.default.port", 587);
            user_pref("mail.smtpserver.default.try_ssl", 2);
            user_pref("mail.smtpserver.smtp1.hostname", "a.example");
            user_pref("mail.smtpserver.smtp2.hostname", "b.example");
            user_pref("mail.smtpserver.smtp2.port", 465);
            user_pref("mail.smtpserver.smtp2.try_ssl", 3);
            """
        let expected = """
            user_pref("mail.smtpserver.default.port", 587);
            user_pref("mail.smtpserver.default.try_ssl", 2);
            user_pref("mail.smtpserver.smtp1.hostname", "a.example");
            user_pref("mail.smtpserver.smtp1.try_ssl", 3);
            user_pref("mail.smtpserver.smtp1.port", 465);
            user_pref("mail.smtpserver.smtp2.hostname", "b.example");
            user_pref("mail.smtpserver.smtp2.port", 465);
            user_pref("mail.smtpserver.smtp2.try_ssl", 3);
            """
        #expect(try convert(input) == expected)
    }

    @Test func trySSL3WithoutPortOnlyNeedsThePortUnderAnotherTarget() throws {
        let input = "user_pref(\"mail.smtpserver.s.try_ssl\", 3);\nuser_pref(\"mail.smtpserver.s.port\", 587);\n"
        let expected = "user_pref(\"mail.smtpserver.s.try_ssl\", 3);\nuser_pref(\"mail.smtpserver.s.port\", 2465);\n"
        #expect(try convert(input, ConversionPolicy(toPort: 2465)) == expected)
    }

    @Test func customTargetPortIsInsertedWhenMissing() throws {
        let input = "user_pref(\"mail.smtpserver.s.try_ssl\", 2);\n"
        let expected = input.replacingOccurrences(of: "2)", with: "3)") + "user_pref(\"mail.smtpserver.s.port\", 2465);\n"
        #expect(try convert(input, ConversionPolicy(toPort: 2465)) == expected)
    }

    @Test func portZeroIsReplacedInPlace() throws {
        let input = "user_pref(\"mail.smtpserver.s.port\", 0);\nuser_pref(\"mail.smtpserver.s.try_ssl\", 2);\n"
        let expected = "user_pref(\"mail.smtpserver.s.port\", 465);\nuser_pref(\"mail.smtpserver.s.try_ssl\", 3);\n"
        #expect(try convert(input) == expected)
    }

    @Test func signedPortIsReplacedWhole() throws {
        let input = "user_pref(\"mail.smtpserver.s.port\", +587);\nuser_pref(\"mail.smtpserver.s.try_ssl\", +2);\n"
        let expected = "user_pref(\"mail.smtpserver.s.port\", 465);\nuser_pref(\"mail.smtpserver.s.try_ssl\", 3);\n"
        #expect(try convert(input) == expected)
    }

    @Test func insertionSkipsAStatementThatRunsOnFromTheLine() throws {
        let input = "user_pref(\"mail.smtpserver.s.try_ssl\", 2); user_pref(\"note\",\n  \"x\");\nuser_pref(\"z\", 1);\n"
        let expected = "user_pref(\"mail.smtpserver.s.try_ssl\", 3); user_pref(\"note\",\n  \"x\");\n"
            + "user_pref(\"mail.smtpserver.s.port\", 465);\nuser_pref(\"z\", 1);\n"
        #expect(try convert(input) == expected)
    }

    @Test func insertedLineCopiesItsNeighboursLineEndingInAMixedFile() throws {
        let input = "user_pref(\"a\", 1);\nuser_pref(\"mail.smtpserver.s.try_ssl\", 2);\r\nuser_pref(\"b\", 1);\n"
        let expected = "user_pref(\"a\", 1);\nuser_pref(\"mail.smtpserver.s.try_ssl\", 3);\r\n"
            + "user_pref(\"mail.smtpserver.s.port\", 465);\r\nuser_pref(\"b\", 1);\n"
        #expect(try convert(input) == expected)
    }

    @Test func plaintextAndOtherPortsStay() throws {
        let input = """
            user_pref("mail.smtpserver.a.port", 587);
            user_pref("mail.smtpserver.a.try_ssl", 0);
            user_pref("mail.smtpserver.b.port", 2525);
            user_pref("mail.smtpserver.b.try_ssl", 2);
            user_pref("mail.smtpserver.c.port", 465);
            user_pref("mail.smtpserver.c.try_ssl", 3);
            """
        #expect(try convert(input) == input)
        let outcome = try Convert.run(InputFile(name: "prefs.js", bytes: Array(input.utf8)), with: adapter)
        #expect(outcome.decisions.map(\.verdict) == [.plaintext, .otherPort, .alreadyImplicitTLS])
        #expect(outcome.warnings.count == 1)
    }

    @Test func passwordsSurvive() throws {
        let input = """
            user_pref("mail.smtpserver.s.password", "p\\"w\\\\d");
            user_pref("mail.smtpserver.s.port", 587);
            user_pref("mail.smtpserver.s.try_ssl", 2);
            """
        let output = try convert(input)
        #expect(output.contains("\"p\\\"w\\\\d\""))
    }

    /// UTF-16 and CP932 files are parsed through a UTF-8 view with a map back to file offsets;
    /// UTF-8 with a BOM as it is, from after the BOM. Japanese text before the server moves
    /// every offset: the edits must still land on the file's own bytes, in its encoding.
    @Test(arguments: ["UTF-16LE", "UTF-16BE", "CP932", "UTF-8 with BOM"])
    func editsLandOnTheFilesOwnBytesInEveryEncoding(_ encoding: String) throws {
        let input = "// 日本語のコメント\r\n  user_pref(\"mail.smtpserver.smtp1.description\", \"会社\");\r\n"
            + "  user_pref(\"mail.smtpserver.smtp1.try_ssl\", 2);\r\n"
        let expected = "// 日本語のコメント\r\n  user_pref(\"mail.smtpserver.smtp1.description\", \"会社\");\r\n"
            + "  user_pref(\"mail.smtpserver.smtp1.try_ssl\", 3);\r\n  user_pref(\"mail.smtpserver.smtp1.port\", 465);\r\n"
        func encoded(_ text: String) -> [UInt8] {
            switch encoding {
            case "UTF-16LE": [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
            case "UTF-16BE": [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
            case "CP932": TextEncoding.cp932.encode(text)
            default: [0xEF, 0xBB, 0xBF] + Array(text.utf8)
            }
        }
        let file = InputFile(name: "prefs.js", bytes: encoded(input))
        #expect(file.encoding.description == encoding)
        let entry = try #require(try Convert.entries(file.bytes, with: adapter).first)
        #expect(entry.account == "smtp1 (会社)")
        #expect(entry.securityLocation.map { Array(file.bytes[$0]) } == Array(encoded("2").dropFirst(file.encoding.bomLength)))
        let outcome = try Convert.run(file, with: adapter)
        #expect(outcome.output == encoded(expected))
        #expect(AdapterConformance.violations(of: adapter, on: file) == [])
    }
}
