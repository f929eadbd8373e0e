import Foundation
import MailTLSCore
import MailTLSTestSupport
import Testing
import ThunderbirdAutoconfig

@Suite struct ThunderbirdAutoconfigTests {
    static let folder = "thunderbird-autoconfig"
    static let adapter = ThunderbirdAutoconfigAdapter()
    static let badInputs = Fixtures.inputs(folder).filter { $0.hasPrefix("bad-") }

    static func config(_ server: String) -> [UInt8] {
        Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <clientConfig version="1.1">
              <emailProvider id="example.org">
                <outgoingServer type="smtp">
                  <hostname>smtp.example.org</hostname>
            \(server)
                </outgoingServer>
              </emailProvider>
            </clientConfig>

            """.utf8)
    }

    @Test func readsTheDevFixture() throws {
        let bytes = try Fixtures.bytes(Self.folder, "config-v1.1.xml")
        let entries = try Convert.entries(bytes, with: Self.adapter)
        #expect(entries.map(\.proto) == [.imap, .pop3, .smtp])
        #expect(entries.map(\.port) == [993, 995, 587])
        #expect(entries.map(\.security) == [.tls, .tls, .starttls])
        #expect(entries[2].host == "smtp.example.co.jp" && entries[2].account == "example.co.jp")
        #expect(String(decoding: bytes[try #require(entries[2].portLocation)], as: UTF8.self) == "587")
        #expect(String(decoding: bytes[try #require(entries[2].securityLocation)], as: UTF8.self) == "STARTTLS")
    }

    /// Rules §5 and §7: each outgoingServer is judged on its own, but a converted one that would
    /// equal a server already listed (here STARTTLS/587 beside SSL/465 for one host) is removed,
    /// whole lines and all; the others keep their order.
    @Test func aConvertedDuplicateIsRemoved() throws {
        let input = try Fixtures.input(Self.folder, "two-outgoing.xml")
        let outcome = try Convert.run(input, with: Self.adapter)
        #expect(outcome.decisions.map(\.verdict) == [.protocolNotSelected, .alreadyImplicitTLS, .convert, .convert, .plaintext])
        #expect(outcome.removals == [Removal(index: 2, twin: 1)])
        #expect(outcome.changes.map(\.removed) == [true, false])
        let after = try Convert.entries(try #require(outcome.output), with: Self.adapter).filter { $0.proto == .smtp }
        #expect(after.map(\.port) == [465, 465, 587])
        #expect(after.map(\.host) == ["smtp.example.com", "smtp.%EMAILDOMAIN%", "relay.example.com"])
        #expect(try #require(outcome.output) == Fixtures.expected(Self.folder, "two-outgoing.xml"))
    }

    /// The ISPDB shape seen in 104 of 277 converted real files: SSL/465 then STARTTLS/587 for
    /// the same host, same authentication and username.
    @Test func ispdbSSLAndSTARTTLSBecomeOneServer() throws {
        let input = try Fixtures.input(Self.folder, "ispdb-ssl-and-starttls.xml")
        let outcome = try Convert.run(input, with: Self.adapter)
        #expect(try #require(outcome.output) == Fixtures.expected(Self.folder, "ispdb-ssl-and-starttls.xml"))
        // With incoming servers too, IMAP STARTTLS/143 goes the same way beside IMAP SSL/993.
        let all = try Convert.run(input, with: Self.adapter, policy: ConversionPolicy(protocols: [.smtp, .imap, .pop3]))
        #expect(all.removals == [Removal(index: 1, twin: 0), Removal(index: 4, twin: 3)])
        let expected = try #require(Fixtures.expected(Self.folder, "ispdb-ssl-and-starttls.xml")).debugText.replacingOccurrences(
            of: "    <incomingServer type=\"imap\">\n      <hostname>imap.example.net</hostname>\n      <port>143</port>\n      <socketType>STARTTLS</socketType>\n      <authentication>password-cleartext</authentication>\n      <username>%EMAILADDRESS%</username>\n    </incomingServer>\n",
            with: "")
        #expect(try #require(all.output).debugText == expected)
    }

    static func twoServers(_ first: String, _ second: String, separateProviders: Bool = false) -> [UInt8] {
        let split = separateProviders ? "  </emailProvider>\n  <emailProvider id=\"example.com\">\n" : ""
        return Array("""
            <clientConfig version="1.1">
              <emailProvider id="example.org">
                <outgoingServer type="smtp">
            \(first)
                </outgoingServer>
            \(split)    <outgoingServer type="smtp">
            \(second)
                </outgoingServer>
              </emailProvider>
            </clientConfig>

            """.utf8)
    }

    static let ssl465 = "      <hostname>smtp.example.org</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username>"

    /// Equal means: hostname ignoring case, port, socketType, authentication, username (and
    /// password, so nothing is lost); anything else different keeps both servers.
    @Test(arguments: [
        ("      <hostname>SMTP.Example.ORG</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username>", true),
        ("      <hostname>smtp.example.org</hostname><port>25</port><socketType>starttls</socketType><username>%EMAILADDRESS%</username>", true),
        ("      <hostname>smtp.example.org</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILLOCALPART%</username>", false),
        ("      <hostname>smtp.example.org</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username><authentication>OAuth2</authentication>", false),
        ("      <hostname>smtp2.example.org</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username>", false),
        ("      <hostname>smtp.example.org</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username><password>x1y2z3</password>", false),
    ])
    func duplicatesAreExactTwins(_ second: String, _ removed: Bool) throws {
        let bytes = Self.twoServers(Self.ssl465, second)
        let outcome = try Convert.run(InputFile(name: "c.xml", bytes: bytes), with: Self.adapter)
        #expect(outcome.removals.count == (removed ? 1 : 0))
        let output = try #require(outcome.output).debugText
        #expect(output.contains(second) == false)
        let lines = bytes.debugText.split(separator: "\n", omittingEmptySubsequences: false)
        if removed {
            // Lines 6-8 (the second server's element, its own lines) are gone; nothing else moves.
            #expect(output == (lines[0..<5] + lines[8...]).joined(separator: "\n"))
        } else {
            #expect(output.split(separator: "\n", omittingEmptySubsequences: false).count == lines.count)
        }
    }

    /// A password is a secret kept byte for byte: a server holding one is never removed, even
    /// beside a twin with the same password.
    @Test func aServerWithAPasswordIsNeverRemoved() throws {
        let password = "<password>x1y2z3</password>"
        let second = "      <hostname>smtp.example.org</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username>"
        let bytes = Self.twoServers(Self.ssl465 + password, second + password)
        let outcome = try Convert.run(InputFile(name: "c.xml", bytes: bytes), with: Self.adapter)
        #expect(outcome.removals.isEmpty)
        #expect(try #require(outcome.output).debugText.components(separatedBy: password).count == 3)
    }

    @Test func serversOfDifferentProvidersAreNeverTwins() throws {
        let second = "      <hostname>smtp.example.org</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username>"
        let bytes = Self.twoServers(Self.ssl465, second, separateProviders: true)
        let outcome = try Convert.run(InputFile(name: "c.xml", bytes: bytes), with: Self.adapter)
        #expect(outcome.removals.isEmpty)
        #expect(try Convert.entries(try #require(outcome.output), with: Self.adapter).map(\.port) == [465, 465])
    }

    /// Two converted twins (STARTTLS on 587 and on 25): the first stays, converted; the second
    /// goes. A STARTTLS/587 listed before an SSL/465 twin is the one removed.
    @Test func amongConvertedTwinsTheFirstStays() throws {
        let on587 = "      <hostname>smtp.example.org</hostname><port>587</port><socketType>STARTTLS</socketType>"
        let on25 = "      <hostname>smtp.example.org</hostname><port>25</port><socketType>STARTTLS</socketType>"
        let both = try Convert.run(InputFile(name: "c.xml", bytes: Self.twoServers(on587, on25)), with: Self.adapter)
        #expect(both.removals == [Removal(index: 1, twin: 0)])
        #expect(try #require(both.output).debugText.contains("<port>465</port><socketType>SSL</socketType>"))
        let ssl = "      <hostname>smtp.example.org</hostname><port>465</port><socketType>SSL</socketType>"
        let first = try Convert.run(InputFile(name: "c.xml", bytes: Self.twoServers(on587, ssl)), with: Self.adapter)
        #expect(first.removals == [Removal(index: 0, twin: 1)])
        #expect(try Convert.entries(try #require(first.output), with: Self.adapter).map(\.port) == [465])
    }

    /// On one line with other content, only the element's own bytes go.
    @Test func aServerSharingItsLineLosesOnlyItsElement() throws {
        let text = #"<clientConfig version="1.1"><emailProvider id="x"><outgoingServer type="smtp"><hostname>h</hostname><port>465</port><socketType>SSL</socketType></outgoingServer> <outgoingServer type="smtp"><hostname>h</hostname><port>587</port><socketType>STARTTLS</socketType></outgoingServer></emailProvider></clientConfig>"#
        let output = try Convert.bytes(InputFile(name: "c.xml", bytes: Array(text.utf8)), with: Self.adapter)
        #expect(output.debugText == #"<clientConfig version="1.1"><emailProvider id="x"><outgoingServer type="smtp"><hostname>h</hostname><port>465</port><socketType>SSL</socketType></outgoingServer> </emailProvider></clientConfig>"#)
    }

    /// Rules §7: Thunderbird drops a server whose socketType it does not know and uses the
    /// others; so does mailtls, with a warning quoting the value.
    @Test func anUnknownSocketTypeLeavesThatServerOnly() throws {
        let input = try Fixtures.input(Self.folder, "startssl-second.xml")
        let outcome = try Convert.run(input, with: Self.adapter)
        #expect(outcome.decisions.map(\.verdict) == [.protocolNotSelected, .convert, .unknownValue])
        #expect(outcome.warnings == ["line 23: socketType 'STARTSSL' is not plain, STARTTLS or SSL: left as is"])
        #expect(try #require(outcome.output) == Fixtures.expected(Self.folder, "startssl-second.xml"))
        let older = try Convert.run(try Fixtures.input(Self.folder, "unknown-sockettype.xml"), with: Self.adapter)
        #expect(older.warnings == ["line 35: socketType 'TLS-please' is not plain, STARTTLS or SSL: left as is"])
        #expect(try #require(older.output) == Fixtures.expected(Self.folder, "unknown-sockettype.xml"))
    }

    @Test(arguments: [
        ("<port>587</port><socketType>STARTTLS</socketType>", "<port>465</port><socketType>SSL</socketType>"),
        ("<port>25</port><socketType>STARTTLS</socketType>", "<port>465</port><socketType>SSL</socketType>"),
        ("<port>587</port><socketType>SSL</socketType>", "<port>465</port><socketType>SSL</socketType>"),
        ("<port>587</port><socketType>starttls</socketType>", "<port>465</port><socketType>SSL</socketType>"),
        ("<port> 587 </port><socketType>UNKNOWN</socketType><socketType>STARTTLS</socketType>", "<port> 465 </port><socketType>UNKNOWN</socketType><socketType>SSL</socketType>"),
    ])
    func convertedFormIsSSLOn465(_ before: String, _ after: String) throws {
        let output = try Convert.bytes(InputFile(name: "c.xml", bytes: Self.config(before)), with: Self.adapter)
        #expect(output == Self.config(after))
    }

    @Test(arguments: [
        "<port>587</port><socketType>plain</socketType>",
        "<port>587</port>",
        "<port>465</port><socketType>SSL</socketType>",
        "<port>2525</port><socketType>STARTTLS</socketType>",
    ])
    func leftAlone(_ server: String) throws {
        #expect(try Convert.run(InputFile(name: "c.xml", bytes: Self.config(server)), with: Self.adapter).output == nil)
    }

    @Test func passwordsAreSecrets() throws {
        let bytes = try Fixtures.bytes(Self.folder, "two-outgoing.xml")
        let secrets = try Convert.secrets(bytes, with: Self.adapter)
        #expect(secrets.map { String(decoding: bytes[$0], as: UTF8.self) } == ["s3cr3t-pass"])
    }

    @Test func incomingIsConvertedOnlyOnRequest() throws {
        let input = try Fixtures.input(Self.folder, "two-outgoing.xml")
        let all = ConversionPolicy(protocols: [.smtp, .imap, .pop3])
        let output = try #require(try Convert.run(input, with: Self.adapter, policy: all).output)
        let expected = String(decoding: try #require(Fixtures.expected(Self.folder, "two-outgoing.xml")), as: UTF8.self)
            .replacingOccurrences(of: "<port>143</port>\r\n      <socketType>STARTTLS</socketType>", with: "<port>993</port>\r\n      <socketType>SSL</socketType>")
        #expect(String(decoding: output, as: UTF8.self) == expected)
    }

    @Test func otherServerTypesAreNotEntries() throws {
        let text = """
            <clientConfig version="1.1"><emailProvider id="x">
            <incomingServer type="exchange"><hostname>e</hostname></incomingServer>
            <outgoingServer type="ews"><hostname>e</hostname></outgoingServer>
            </emailProvider></clientConfig>
            """
        #expect(try Convert.entries(Array(text.utf8), with: Self.adapter).isEmpty)
    }

    @Test(arguments: badInputs)
    func badInputsAreRejected(_ name: String) throws {
        #expect(AdapterConformance.malformedViolations(of: Self.adapter, on: try Fixtures.input(Self.folder, name)) == [])
    }

    @Test func badValuesSayWhatAndWhere() throws {
        let cases: [(InputFile, InputError.Kind, String)] = [
            (try Fixtures.input(Self.folder, "bad-noport.xml"), .invalidValue, "line 32: <outgoingServer type=\"smtp\"> has no <port>"),
            (try Fixtures.input(Self.folder, "bad-xxe.xml"), .xmlExternalEntity, "XML: external entities are not allowed (entity 'h', line 2)"),
        ]
        for (input, kind, message) in cases {
            do {
                _ = try Convert.run(input, with: Self.adapter)
                Issue.record("accepted \(input.name)")
            } catch {
                #expect(error.kind == kind)
                #expect(error.message == message)
            }
        }
    }

    @Test(arguments: ["examples/thunderbird/config-v1.1.xml"])
    func exampleConvertsAndConforms(_ path: String) throws {
        let input = try Fixtures.example(path)
        #expect(Self.adapter.detect(input) == .signature)
        #expect(try Convert.run(input, with: Self.adapter).output != nil)
        #expect(AdapterConformance.violations(of: Self.adapter, on: input) == [])
    }
}
