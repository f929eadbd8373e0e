import AppleMobileconfig
import MailTLSCore
import MailTLSTestSupport
import Testing

@Suite struct MobileconfigTests {
    static let folder = "mobileconfig"
    static let adapter = MobileconfigAdapter()
    static let stripping = MobileconfigAdapter(stripSignatures: true)
    static let everyProtocol = ConversionPolicy(protocols: [.smtp, .imap, .pop3])

    /// A profile with one mail payload whose keys are `keys` (plist markup, one per line).
    static func profile(_ keys: String, newline: String = "\n") -> [UInt8] {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <plist version="1.0">
            <dict>
            \t<key>PayloadContent</key>
            \t<array>
            \t\t<dict>
            \t\t\t<key>PayloadType</key>
            \t\t\t<string>com.apple.mail.managed</string>
            \t\t\t<key>EmailAccountDescription</key>
            \t\t\t<string>Test</string>
            \(keys.split(separator: "\n").map { "\t\t\t" + $0 }.joined(separator: "\n"))
            \t\t</dict>
            \t</array>
            </dict>
            </plist>

            """
        return Array(text.replacingOccurrences(of: "\n", with: newline).utf8)
    }

    static func converted(_ bytes: [UInt8], policy: ConversionPolicy = ConversionPolicy()) throws -> String {
        try Convert.bytes(InputFile(name: "p.mobileconfig", bytes: bytes), with: adapter, policy: policy).debugText
    }

    @Test func goldenWithEveryProtocol() throws {
        let input = try Fixtures.input(Self.folder, "family-three-accounts.mobileconfig")
        let expected = try Fixtures.bytes(Self.folder, "family-three-accounts.expected.all-protocols.mobileconfig")
        #expect(try Convert.bytes(input, with: Self.adapter, policy: Self.everyProtocol) == expected)
    }

    @Test func readsEveryMailPayload() throws {
        let outcome = try Convert.run(try Fixtures.input(Self.folder, "family-three-accounts.mobileconfig"), with: Self.adapter)
        let entries = outcome.decisions.map(\.entry)
        #expect(entries.map(\.account) == ["Work", "Work", "Family", "Family", "Printer relay", "Printer relay"])
        #expect(entries.map(\.proto) == [.smtp, .imap, .smtp, .pop3, .smtp, .imap])
        #expect(entries.map(\.port) == [25, 143, 465, 110, 25, 993])
        #expect(entries.map(\.portIsDefault) == [true, false, false, false, false, false])
        #expect(entries.map(\.security) == [.starttls, .starttls, .tls, .starttls, .none, .tls])
        #expect(outcome.decisions.map(\.verdict) == [.convert, .protocolNotSelected, .alreadyImplicitTLS, .protocolNotSelected, .plaintext, .protocolNotSelected])
        #expect(outcome.warnings == ["SMTP on port 25 without encryption: left as is"])
    }

    /// Rules §8: STARTTLS on 587 is written as `<false/>` by some generators, so 587 alone is
    /// encryption on; `<false/>` on 25 is plaintext.
    @Test(arguments: [
        ("<key>OutgoingMailServerPortNumber</key>\n<integer>587</integer>\n<key>OutgoingMailServerUseSSL</key>\n<false/>", 587, Security.starttls),
        ("<key>OutgoingMailServerPortNumber</key>\n<integer>587</integer>", 587, Security.starttls),
        ("<key>OutgoingMailServerPortNumber</key>\n<integer>25</integer>\n<key>OutgoingMailServerUseSSL</key>\n<false/>", 25, Security.none),
        ("<key>OutgoingMailServerUseSSL</key>\n<true/>", 25, Security.starttls),
        ("<key>OutgoingMailServerUseSSL</key>\n<false/>", 25, Security.none),
        ("<key>OutgoingMailServerPortNumber</key>\n<integer>465</integer>\n<key>OutgoingMailServerUseSSL</key>\n<true/>", 465, Security.tls),
    ])
    func encryptionIsSSLOrPort587(_ keys: String, _ port: Int, _ security: Security) throws {
        let entry = try #require(try Convert.entries(Self.profile("<key>OutgoingMailServerHostName</key>\n<string>smtp.example.com</string>\n" + keys), with: Self.adapter).first)
        #expect(entry.port == port)
        #expect(entry.security == security)
        #expect(entry.host == "smtp.example.com")
    }

    @Test func missingPortAndUseSSLAreInsertedAfterTheHostWithItsIndentationAndLineEnd() throws {
        let input = Self.profile("<key>OutgoingMailServerHostName</key>\n<string>smtp.example.com</string>\n<key>OutgoingMailServerPortNumber</key>\n<integer>587</integer>", newline: "\r\n")
        let expected = Self.profile("<key>OutgoingMailServerHostName</key>\n<string>smtp.example.com</string>\n<key>OutgoingMailServerPortNumber</key>\n<integer>465</integer>\n<key>OutgoingMailServerUseSSL</key>\n<true/>", newline: "\r\n")
        #expect(try Self.converted(input) == expected.debugText)
        let bare = Self.profile("<key>OutgoingMailServerHostName</key>\n<string>h</string>\n<key>OutgoingMailServerUseSSL</key>\n<true/>")
        #expect(try Self.converted(bare) == Self.profile("<key>OutgoingMailServerHostName</key>\n<string>h</string>\n<key>OutgoingMailServerPortNumber</key>\n<integer>465</integer>\n<key>OutgoingMailServerUseSSL</key>\n<true/>").debugText)
    }

    /// The port goes after the host name wherever `UseSSL` is (both absent never converts:
    /// that is plaintext on 25).
    @Test func portIsInsertedAfterTheHostNameWhereverUseSSLIs() throws {
        let input = Self.profile("<key>OutgoingMailServerUseSSL</key>\n<true/>\n<key>OutgoingMailServerHostName</key>\n<string>h</string>")
        #expect(try Self.converted(input) == Self.profile("<key>OutgoingMailServerUseSSL</key>\n<true/>\n<key>OutgoingMailServerHostName</key>\n<string>h</string>\n<key>OutgoingMailServerPortNumber</key>\n<integer>465</integer>").debugText)
    }

    @Test func incomingServersConvertOnlyWithProtocols() throws {
        let input = Self.profile("""
            <key>IncomingMailServerAccountType</key>
            <string>EmailTypeIMAP</string>
            <key>IncomingMailServerHostName</key>
            <string>imap.example.com</string>
            <key>IncomingMailServerPortNumber</key>
            <integer>143</integer>
            <key>IncomingMailServerUseSSL</key>
            <true/>
            <key>OutgoingMailServerHostName</key>
            <string>smtp.example.com</string>
            <key>OutgoingMailServerPortNumber</key>
            <integer>465</integer>
            <key>OutgoingMailServerUseSSL</key>
            <true/>
            """)
        #expect(try Self.converted(input) == input.debugText)
        #expect(try Self.converted(input, policy: Self.everyProtocol) == input.debugText.replacingOccurrences(of: "<integer>143</integer>", with: "<integer>993</integer>"))
    }

    @Test func mailPayloadsAreFoundAtAnyDepthAndOtherPayloadsAreIgnored() throws {
        let input = Array("""
            <plist version="1.0"><dict><key>PayloadContent</key><array>
            <dict><key>PayloadType</key><string>com.apple.wifi.managed</string><key>OutgoingMailServerHostName</key><string>no</string></dict>
            <dict><key>PayloadContent</key><array><dict><key>PayloadType</key><string>com.apple.mail.managed</string>
            <key>OutgoingMailServerHostName</key><string>deep.example.com</string><key>OutgoingMailServerPortNumber</key><integer>587</integer></dict></array></dict>
            </array></dict></plist>
            """.utf8)
        let entries = try Convert.entries(input, with: Self.adapter)
        #expect(entries.map(\.host) == ["deep.example.com"])
        // Inline elements: the inserted key follows its anchor on the same line.
        #expect(try Self.converted(input).contains("<integer>465</integer><key>OutgoingMailServerUseSSL</key><true/></dict>"))
    }

    /// Rules §7: a value the schema does not allow leaves that server alone, with a warning
    /// that quotes it; the other servers of the file are still converted.
    @Test func unknownValuesLeaveTheServerAsIsWithAWarning() throws {
        let input = Array("""
            <plist version="1.0"><dict><key>PayloadContent</key><array>
            <dict><key>PayloadType</key><string>com.apple.mail.managed</string><key>EmailAccountDescription</key><string>A</string>
            <key>OutgoingMailServerHostName</key><string>a.example.com</string><key>OutgoingMailServerPortNumber</key><string>587</string></dict>
            <dict><key>PayloadType</key><string>com.apple.mail.managed</string><key>EmailAccountDescription</key><string>B</string>
            <key>OutgoingMailServerHostName</key><string>b.example.com</string><key>OutgoingMailServerUseSSL</key><string>yes</string></dict>
            <dict><key>PayloadType</key><string>com.apple.mail.managed</string><key>EmailAccountDescription</key><string>C</string>
            <key>OutgoingMailServerHostName</key><string>c.example.com</string><key>OutgoingMailServerPortNumber</key><integer>587</integer></dict>
            </array></dict></plist>
            """.utf8)
        let outcome = try Convert.run(InputFile(name: "p.mobileconfig", bytes: input), with: Self.adapter)
        #expect(outcome.decisions.map(\.entry.account) == ["C"])
        #expect(outcome.warnings == [
            "line 3: A: OutgoingMailServerPortNumber <string>587</string> is not a port number: left as is",
            "line 5: B: OutgoingMailServerUseSSL <string> is not <true/> or <false/>: left as is",
        ])
        #expect(outcome.output != nil)
    }

    @Test func duplicateKeysLastOneCounts() throws {
        let entry = try #require(try Convert.entries(Self.profile("<key>OutgoingMailServerHostName</key>\n<string>h</string>\n<key>OutgoingMailServerPortNumber</key>\n<integer>587</integer>\n<key>OutgoingMailServerPortNumber</key>\n<integer>465</integer>"), with: Self.adapter).first)
        #expect(entry.port == 465)
    }

    @Test func passwordsAreTheOnlySecrets() throws {
        let bytes = try Fixtures.bytes(Self.folder, "family-three-accounts.mobileconfig")
        let secrets = try Convert.secrets(bytes, with: Self.adapter)
        #expect(secrets.map { Array(bytes[$0]).debugText } == ["Tr0ub4dor&amp;3", "Tr0ub4dor&amp;3"])
    }

    @Test func binaryPlistGetsTheCommandThatConvertsIt() throws {
        let file = try Fixtures.input(Self.folder, "bad-binary-plist.mobileconfig")
        #expect(Self.adapter.detect(file) == .signature)
        #expect(throws: InputError(.unsupportedFormat, "binary property list: convert it with `plutil -convert xml1` first")) {
            try Convert.run(file, with: Self.adapter)
        }
    }

    @Test func hostileXMLIsRefusedLikeEveryXMLFormat() throws {
        let xxe = try Fixtures.input(Self.folder, "bad-xxe.mobileconfig")
        let laughs = try Fixtures.input(Self.folder, "bad-billion-laughs.mobileconfig")
        for (file, kind) in [(xxe, InputError.Kind.xmlExternalEntity), (laughs, .xmlEntityExpansion)] {
            do {
                _ = try Convert.run(file, with: Self.adapter)
                Issue.record("\(file.name) accepted")
            } catch {
                #expect(error.kind == kind, "\(file.name): \(error.message)")
            }
        }
    }

    @Test func utf16ProfileIsDetectedAndConvertedInUTF16() throws {
        let text = try Fixtures.input(Self.folder, "hoster-imap-587.mobileconfig").bytes.debugText
        let expected = try Fixtures.bytes(Self.folder, "hoster-imap-587.expected.mobileconfig").debugText
        let file = InputFile(name: "x", bytes: [0xFF, 0xFE] + TextEncoding.utf16LE.encode(text))
        #expect(Self.adapter.detect(file) == .signature)
        #expect(try Convert.bytes(file, with: Self.adapter) == [0xFF, 0xFE] + TextEncoding.utf16LE.encode(expected))
    }

    @Test func otherPropertyListsAndCMSFilesAreNotProfiles() {
        let infoPlist = InputFile(name: "Info.plist", bytes: Array("<?xml version=\"1.0\"?><plist version=\"1.0\"><dict><key>CFBundleName</key><string>X</string></dict></plist>".utf8))
        #expect(Self.adapter.detect(infoPlist) == .no)
        let certBundle = InputFile(name: "certs.p7b", bytes: [0x30, 0x82, 0x01, 0x00, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02, 0xA0])
        #expect(Self.adapter.detect(certBundle) == .no)
        #expect(Self.adapter.detect(InputFile(name: "x.mobileconfig", bytes: Array("hello".utf8))) == .nameOnly)
    }

    /// examples/apple converts as its README says.
    @Test(arguments: [
        ("example-hosting.mobileconfig", false), ("berger-family.mobileconfig", false), ("example-hosting-signed.mobileconfig", true),
    ])
    func examplesConvertAsDocumented(_ name: String, _ signed: Bool) throws {
        let file = try Fixtures.example("examples/apple/" + name)
        let expectedName = (signed ? "example-hosting.mobileconfig" : name).replacingOccurrences(of: ".mobileconfig", with: "-smtps.mobileconfig")
        let expected = try Fixtures.example("examples/apple/" + expectedName).bytes
        #expect(try Convert.bytes(file, with: Self.stripping) == expected)
        if signed { #expect(throws: InputError.self) { try Convert.run(file, with: Self.adapter) } }
    }
}
