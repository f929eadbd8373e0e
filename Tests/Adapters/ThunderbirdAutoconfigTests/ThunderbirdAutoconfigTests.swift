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

    /// Rules §5: each outgoingServer is judged on its own. The STARTTLS/587 entry converts
    /// although an SSL/465 entry for the same host precedes it; the file then lists the same
    /// SSL/465 server twice, in the original preference order.
    @Test func eachOutgoingServerIsJudgedOnItsOwn() throws {
        let input = try Fixtures.input(Self.folder, "two-outgoing.xml")
        let outcome = try Convert.run(input, with: Self.adapter)
        #expect(outcome.decisions.map(\.verdict) == [.protocolNotSelected, .alreadyImplicitTLS, .convert, .convert, .plaintext])
        let hosts = outcome.conversions.map { $0.entry.host }
        #expect(hosts == ["smtp.example.com", "smtp.%EMAILDOMAIN%"])
        let after = try Convert.entries(try #require(outcome.output), with: Self.adapter).filter { $0.proto == .smtp }
        #expect(after.map(\.port) == [465, 465, 465, 587])
        #expect(after.map(\.security) == [.tls, .tls, .tls, .none])
        #expect(after.map(\.host) == ["smtp.example.com", "smtp.example.com", "smtp.%EMAILDOMAIN%", "relay.example.com"])
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
            (try Fixtures.input(Self.folder, "bad-sockettype.xml"), .invalidValue, "line 35: socketType 'TLS-please' is not plain, STARTTLS or SSL"),
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
