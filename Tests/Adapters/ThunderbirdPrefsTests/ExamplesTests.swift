import Foundation
import MailTLSCore
import MailTLSTestSupport
import Testing
import ThunderbirdPrefs

/// The shipped examples/thunderbird/prefs.js and user.js convert as the README shows.
@Suite struct ExamplesTests {
    let adapter = ThunderbirdPrefsAdapter()

    func example(_ name: String) throws -> String {
        let url = Fixtures.packageRoot.appendingPathComponent("examples/thunderbird").appendingPathComponent(name)
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    func convert(_ text: String, name: String, policy: ConversionPolicy = ConversionPolicy()) throws -> String {
        let file = InputFile(name: name, bytes: Array(text.utf8))
        #expect(AdapterConformance.violations(of: adapter, on: file, policy: policy) == [])
        return String(decoding: try Convert.bytes(file, with: adapter, policy: policy), as: UTF8.self)
    }

    @Test func prefsJSConvertsTheSTARTTLSServer() throws {
        let input = try example("prefs.js")
        let expected = input
            .replacingOccurrences(of: "smtp1.port\", 587", with: "smtp1.port\", 465")
            .replacingOccurrences(of: "smtp1.try_ssl\", 2", with: "smtp1.try_ssl\", 3")
        #expect(try convert(input, name: "prefs.js") == expected)
    }

    @Test func prefsJSWithIncomingServers() throws {
        let input = try example("prefs.js")
        // server3 (POP3) has its own socketType 2 and no port: the value is replaced and the
        // port line goes right after it.
        let expected = input
            .replacingOccurrences(of: "smtp1.port\", 587", with: "smtp1.port\", 465")
            .replacingOccurrences(of: "smtp1.try_ssl\", 2", with: "smtp1.try_ssl\", 3")
            .replacingOccurrences(of: "server1.port\", 143", with: "server1.port\", 993")
            .replacingOccurrences(of: "server1.socketType\", 2", with: "server1.socketType\", 3")
            .replacingOccurrences(
                of: "server3.socketType\", 2);\n",
                with: "server3.socketType\", 3);\nuser_pref(\"mail.server.server3.port\", 995);\n")
        let policy = ConversionPolicy(protocols: [.smtp, .imap, .pop3])
        let file = InputFile(name: "prefs.js", bytes: Array(input.utf8))
        let output = try Convert.bytes(file, with: adapter, policy: policy)
        #expect(String(decoding: output, as: UTF8.self) == expected)
        // The changes lie far apart here, so the conformance diff budget does not apply;
        // idempotence does.
        #expect(try Convert.run(InputFile(name: "prefs.js", bytes: output), with: adapter, policy: policy).output == nil)
    }

    @Test func userJSGetsAPortLine() throws {
        let input = try example("user.js")
        let expected = input.replacingOccurrences(
            of: "smtp3.try_ssl\", 2);\n",
            with: "smtp3.try_ssl\", 3);\nuser_pref(\"mail.smtpserver.smtp3.port\", 465);\n")
        #expect(try convert(input, name: "user.js") == expected)
    }
}
