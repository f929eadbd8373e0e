import Foundation
import MailTLSCore
import MailTLSTestSupport
import OutlookAutodiscover
import Testing

@Suite struct OutlookAutodiscoverTests {
    static let folder = "outlook-autodiscover"
    static let adapter = OutlookAutodiscoverAdapter()
    static let badInputs = Fixtures.inputs(folder).filter { $0.hasPrefix("bad-") }

    /// A POX response holding one SMTP `Protocol` with `children`.
    static func response(_ children: String) -> [UInt8] {
        let text = """
            <?xml version="1.0" encoding="utf-8"?>
            <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
              <Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">
                <Account>
                  <Protocol>
                    <Type>SMTP</Type>
                    <Server>smtp.example.com</Server>
            \(children)
                  </Protocol>
                </Account>
              </Response>
            </Autodiscover>

            """
        return Array(text.utf8)
    }

    static func entry(_ children: String) throws -> ServerEntry {
        try #require(try Convert.entries(response(children), with: adapter).first)
    }

    /// Other formats' samples: EveryAdapterConforms.signatureFormatsClaimNoOtherSamples.
    @Test func junkWithOurFileNameIsOnlyANameMatch() {
        #expect(Self.adapter.detect(InputFile(name: "web/Autodiscover.xml", bytes: Array("{}".utf8))) == .nameOnly)
    }

    @Test func readsTheDevFixture() throws {
        let bytes = try Fixtures.bytes(Self.folder, "pox-smtp587.xml")
        let entries = try Convert.entries(bytes, with: Self.adapter)
        #expect(entries.map(\.proto) == [.imap, .smtp])
        #expect(entries[0].port == 993 && entries[0].security == .tls)
        let smtp = entries[1]
        #expect(smtp.account == "Sato Hanako")
        #expect(smtp.host == "smtp.example.co.jp")
        #expect(smtp.port == 587 && smtp.security == .starttls)
        #expect(String(decoding: bytes[try #require(smtp.portLocation)], as: UTF8.self) == "587")
    }

    @Test func encryptionNoneOverridesSSLOn() throws {
        let entries = try Convert.entries(try Fixtures.bytes(Self.folder, "pox-encryption-none.xml"), with: Self.adapter)
        #expect(entries[1].proto == .smtp && entries[1].port == 587 && entries[1].security == .none)
    }

    @Test(arguments: [
        ("<SSL>on</SSL>", 25, Security.starttls),
        ("", 25, .starttls),
        ("<SSL>off</SSL>", 25, .none),
        ("<Port>465</Port><SSL>on</SSL>", 465, .tls),
        ("<Port>587</Port><SSL>off</SSL><Encryption>TLS</Encryption>", 587, .starttls),
        ("<Port>587</Port><Encryption>SSL</Encryption>", 587, .starttls),
        ("<Port>465</Port><Encryption>ssl</Encryption>", 465, .tls),
        ("<Port>465</Port><Encryption>TLS</Encryption>", 465, .starttls),
        ("<Port>587</Port><Encryption>Auto</Encryption>", 587, .auto),
        ("<Port>587</Port><SSL>on</SSL><Encryption>None</Encryption>", 587, .none),
    ])
    func securityFollowsEncryptionThenSSL(_ children: String, _ port: Int, _ security: Security) throws {
        let entry = try Self.entry(children)
        #expect(entry.port == port)
        #expect(entry.security == security)
        #expect(entry.portIsDefault == !children.contains("<Port>"))
    }

    @Test func tlsOn465IsLeftAloneWithAWarning() throws {
        let outcome = try Convert.run(InputFile(name: "a.xml", bytes: Self.response("<Port>465</Port><Encryption>TLS</Encryption>")), with: Self.adapter)
        #expect(outcome.output == nil)
        #expect(outcome.warnings.contains { $0.contains("expected implicit TLS") })
    }

    @Test(arguments: [
        ("<Port>587</Port><SSL>on</SSL><Encryption>TLS</Encryption>", "<Port>465</Port><SSL>on</SSL><Encryption>SSL</Encryption>"),
        ("<Port>587</Port><Encryption>SSL</Encryption>", "<Port>465</Port><Encryption>SSL</Encryption>"),
        ("<Port>25</Port><SSL>off</SSL><Encryption>Auto</Encryption>", "<Port>465</Port><SSL>on</SSL><Encryption>SSL</Encryption>"),
        ("<SSL>on</SSL>", "<SSL>on</SSL>\n<Port>465</Port>"),
    ])
    func convertedFormNeverKeepsTLS(_ before: String, _ after: String) throws {
        let output = try Convert.bytes(InputFile(name: "a.xml", bytes: Self.response(before)), with: Self.adapter)
        #expect(output == Self.response(after))
        #expect(!String(decoding: output, as: UTF8.self).contains("TLS"))
    }

    @Test func portIsInsertedAfterServerOnItsOwnLine() throws {
        let output = try Convert.bytes(InputFile(name: "a.xml", bytes: Self.response("")), with: Self.adapter)
        let text = String(decoding: output, as: UTF8.self)
        #expect(text.contains("        <Server>smtp.example.com</Server>\n        <Port>465</Port>\n"))
    }

    @Test func incomingIsConvertedOnlyOnRequest() throws {
        let input = try Fixtures.input(Self.folder, "noport-encryption-tls.xml")
        let all = ConversionPolicy(protocols: [.smtp, .imap, .pop3])
        let output = try #require(try Convert.run(input, with: Self.adapter, policy: all).output)
        let expected = try #require(Fixtures.expected(Self.folder, "noport-encryption-tls.xml"))
        let imapBefore = "<Port>143</Port>\n        <SSL>on</SSL>\n        <Encryption>TLS</Encryption>"
        let imapAfter = "<Port>993</Port>\n        <SSL>on</SSL>\n        <Encryption>SSL</Encryption>"
        #expect(String(decoding: output, as: UTF8.self) == String(decoding: expected, as: UTF8.self).replacingOccurrences(of: imapBefore, with: imapAfter))
    }

    @Test func otherProtocolTypesAreNotEntries() throws {
        let text = """
            <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"><Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"><Account>
            <Protocol><Type>EXCH</Type><Server>ex.example.com</Server></Protocol>
            <Protocol><Type>smtp</Type><Server>s.example.com</Server><Port>587</Port></Protocol>
            </Account></Response></Autodiscover>
            """
        let entries = try Convert.entries(Array(text.utf8), with: Self.adapter)
        #expect(entries.count == 1)
        #expect(entries[0].host == "s.example.com" && entries[0].account == "smtp")
    }

    @Test(arguments: badInputs)
    func badInputsAreRejected(_ name: String) throws {
        #expect(AdapterConformance.malformedViolations(of: Self.adapter, on: try Fixtures.input(Self.folder, name)) == [])
    }

    @Test func badPortSaysWhatAndWhere() throws {
        let port = try Fixtures.input(Self.folder, "bad-port.xml")
        #expect {
            try Convert.run(port, with: Self.adapter)
        } throws: { error in
            (error as? InputError) == InputError(.invalidValue, "line 10: Port 'twenty' is not a port number")
        }
    }

    /// Rules §7: an `SSL` other than on/off, or an unknown `Encryption`, leaves that entry as is
    /// with a warning quoting the value; the file goes on. Real files carry `1`, `true`, `TLS`.
    @Test(arguments: ["1", "true", "TLS", "SSL", "yes"])
    func anUnknownSSLValueLeavesThatEntryOnly(_ value: String) throws {
        let text = Self.response("<Port>587</Port><SSL>\(value)</SSL>").debugText
            .replacingOccurrences(of: "      </Protocol>\n", with: "      </Protocol>\n      <Protocol><Type>SMTP</Type><Server>b.example.com</Server><Port>587</Port><SSL>on</SSL></Protocol>\n")
        let outcome = try Convert.run(InputFile(name: "a.xml", bytes: Array(text.utf8)), with: Self.adapter)
        #expect(outcome.decisions.map(\.verdict) == [.unknownValue, .convert])
        #expect(outcome.warnings == ["line 8: SSL '\(value)' is not on or off: left as is"])
        let output = try #require(outcome.output).debugText
        #expect(output == text.replacingOccurrences(of: "<Server>b.example.com</Server><Port>587</Port>", with: "<Server>b.example.com</Server><Port>465</Port>"))
    }

    @Test func smtpOn465WithSSL1IsNoError() throws {
        let outcome = try Convert.run(try Fixtures.input(Self.folder, "ssl-1-smtp465.xml"), with: Self.adapter)
        #expect(outcome.output == nil)
        #expect(outcome.decisions.map(\.verdict) == [.protocolNotSelected, .unknownValue])
        #expect(outcome.warnings == ["line 24: SSL '1' is not on or off: left as is"])
        let mixed = try Convert.run(try Fixtures.input(Self.folder, "ssl-true-mixed.xml"), with: Self.adapter)
        #expect(mixed.warnings == ["line 26: SSL 'TLS' is not on or off: left as is"])
        #expect(try #require(mixed.output) == Fixtures.expected(Self.folder, "ssl-true-mixed.xml"))
        let encryption = try Convert.run(try Fixtures.input(Self.folder, "unknown-encryption.xml"), with: Self.adapter)
        #expect(encryption.warnings.first == "line 11: Encryption 'Maybe' is not None, SSL, TLS or Auto: left as is")
    }

    @Test func billionLaughsIsRejectedAndNothingIsWritten() throws {
        let input = try Fixtures.input("malformed", "billion-laughs.xml")
        #expect(Self.adapter.detect(input) == .signature)
        do {
            let outcome = try Convert.run(input, with: Self.adapter)
            Issue.record("accepted, output: \(outcome.output != nil)")
        } catch {
            #expect(error.kind == .xmlEntityExpansion)
        }
    }

    @Test(arguments: ["examples/outlook2007/autodiscover.xml"])
    func exampleConvertsAndConforms(_ path: String) throws {
        let input = try Fixtures.example(path)
        #expect(Self.adapter.detect(input) == .signature)
        #expect(try Convert.run(input, with: Self.adapter).output != nil)
        #expect(AdapterConformance.violations(of: Self.adapter, on: input) == [])
    }
}
