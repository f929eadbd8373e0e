import K9Settings
import MailTLSCore
import MailTLSTestSupport
import Testing

@Suite struct K9SettingsTests {
    static let folder = "k9s"
    static let adapter = K9SettingsAdapter()
    static let everyProtocol = ConversionPolicy(protocols: [.smtp, .imap, .pop3])

    /// An export with one account holding `servers`.
    static func export(_ servers: String) -> [UInt8] {
        Array("""
            <?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
            <k9settings format="1" version="94">
              <accounts>
                <account uuid="u1">
                  <name>Test</name>
            \(servers)
                </account>
              </accounts>
            </k9settings>

            """.utf8)
    }

    static func smtp(port: String?, security: String) -> String {
        """
              <outgoing-server type="SMTP">
                <host>smtp.example.com</host>
        \(port.map { "        <port>\($0)</port>\n" } ?? "")        <connection-security>\(security)</connection-security>
              </outgoing-server>
        """
    }

    static func converted(_ bytes: [UInt8], policy: ConversionPolicy = ConversionPolicy()) throws -> String {
        try Convert.bytes(InputFile(name: "x.k9s", bytes: bytes), with: adapter, policy: policy).debugText
    }

    @Test func goldenWithEveryProtocol() throws {
        let input = try Fixtures.input(Self.folder, "two-accounts.k9s")
        let expected = try Fixtures.bytes(Self.folder, "two-accounts.expected.all-protocols.k9s")
        #expect(try Convert.bytes(input, with: Self.adapter, policy: Self.everyProtocol) == expected)
    }

    @Test func readsEveryAccountsServers() throws {
        let outcome = try Convert.run(try Fixtures.input(Self.folder, "two-accounts.k9s"), with: Self.adapter)
        let entries = outcome.decisions.map(\.entry)
        #expect(entries.map(\.account) == ["Work", "Work", "Home", "Home"])
        #expect(entries.map(\.proto) == [.imap, .smtp, .pop3, .smtp])
        #expect(entries.map(\.port) == [993, 587, 110, 25])
        #expect(entries.map(\.security) == [.tls, .starttls, .starttls, .none])
        #expect(outcome.decisions.map(\.verdict) == [.protocolNotSelected, .convert, .protocolNotSelected, .plaintext])
        #expect(outcome.warnings == ["SMTP on port 25 without encryption: left as is"])
    }

    @Test(arguments: [
        ("STARTTLS_REQUIRED", Security.starttls), ("STARTTLS_OPTIONAL", .starttlsOptional),
        ("SSL_TLS_REQUIRED", .tls), ("SSL_TLS_OPTIONAL", .tls), ("NONE", .none),
    ])
    func securityValues(_ value: String, _ security: Security) throws {
        let entry = try #require(try Convert.entries(Self.export(Self.smtp(port: "587", security: value)), with: Self.adapter).first)
        #expect(entry.security == security)
        #expect(entry.port == 587)
        let expected = security == .none ? Self.export(Self.smtp(port: "587", security: value))
            : Self.export(Self.smtp(port: "465", security: "SSL_TLS_REQUIRED"))
        #expect(try Self.converted(Self.export(Self.smtp(port: "587", security: value))) == expected.debugText)
    }

    @Test func absentPortIs25AndIsInsertedAfterTheHost() throws {
        let input = Self.export(Self.smtp(port: nil, security: "STARTTLS_REQUIRED"))
        #expect(try Convert.entries(input, with: Self.adapter).first?.portIsDefault == true)
        #expect(try Self.converted(input) == Self.export(Self.smtp(port: "465", security: "SSL_TLS_REQUIRED")).debugText)
    }

    @Test func plaintextOn25AndAlready465AreLeftAsIs() throws {
        for input in [Self.export(Self.smtp(port: "25", security: "NONE")), Self.export(Self.smtp(port: "465", security: "SSL_TLS_REQUIRED"))] {
            #expect(try Convert.run(InputFile(name: "x.k9s", bytes: input), with: Self.adapter).output == nil)
        }
    }

    /// Rules §7: values the app would not read leave that server as is, quoted in a warning.
    @Test func unknownValuesLeaveTheServerAsIsWithAWarning() throws {
        let outcome = try Convert.run(try Fixtures.input(Self.folder, "unknown-values.k9s"), with: Self.adapter)
        #expect(outcome.warnings == [
            "line 16: Tablet: <outgoing-server type=\"SMTP\">: connection-security 'STARTTLS' is not known: left as is",
            "line 26: Club: <outgoing-server type=\"SMTP\">: port 'submission' is not a port number: left as is",
        ])
        #expect(outcome.decisions.map(\.entry.account) == ["Tablet", "Shop"])
        let noSecurity = Self.export("<outgoing-server type=\"SMTP\"><host>h</host><port>587</port></outgoing-server>")
        #expect(try Convert.run(InputFile(name: "x.k9s", bytes: noSecurity), with: Self.adapter).warnings
            == ["line 6: Test: <outgoing-server type=\"SMTP\"> has no <connection-security>: left as is"])
        let lowercase = Self.export(Self.smtp(port: "587", security: "starttls_required"))
        #expect(try Convert.entries(lowercase, with: Self.adapter).isEmpty)
    }

    @Test func otherServerTypesAreNotOurs() throws {
        let input = Self.export("""
            <incoming-server type="WebDAV"><host>h</host><port>80</port><connection-security>NONE</connection-security></incoming-server>
            <outgoing-server type="WebDAV"><host>h</host><port>587</port><connection-security>STARTTLS_REQUIRED</connection-security></outgoing-server>
            """)
        #expect(try Convert.entries(input, with: Self.adapter).isEmpty)
    }

    @Test func passwordsAreTheOnlySecrets() throws {
        let bytes = try Fixtures.bytes(Self.folder, "old-optional-noport.k9s")
        #expect(try Convert.secrets(bytes, with: Self.adapter).map { Array(bytes[$0]).debugText } == ["s3cr3t-&lt;tom&gt;", "s3cr3t-&lt;tom&gt;"])
    }

    @Test func hostileXMLIsRefusedLikeEveryXMLFormat() throws {
        for (name, kind) in [("bad-xxe.k9s", InputError.Kind.xmlExternalEntity), ("bad-billion-laughs.k9s", .xmlEntityExpansion)] {
            do {
                _ = try Convert.run(try Fixtures.input(Self.folder, name), with: Self.adapter)
                Issue.record("\(name) accepted")
            } catch let error as InputError {
                #expect(error.kind == kind, "\(name): \(error.message)")
            } catch {
                Issue.record("\(name): \(error)")
            }
        }
    }

    @Test func detection() {
        #expect(Self.adapter.detect(InputFile(name: "x", bytes: Self.export(""))) == .signature)
        #expect(Self.adapter.detect(InputFile(name: "backup.k9s", bytes: Array("nope".utf8))) == .nameOnly)
        #expect(Self.adapter.detect(InputFile(name: "x.xml", bytes: Array("<settings/>".utf8))) == .no)
    }

    /// examples/android converts as its README says.
    @Test(arguments: ["k9s_settings_export_2026-11-30.k9s", "old-phone.k9s"])
    func examplesConvertAsDocumented(_ name: String) throws {
        let file = try Fixtures.example("examples/android/" + name)
        let expected = try Fixtures.example("examples/android/" + name.replacingOccurrences(of: ".k9s", with: "-smtps.k9s")).bytes
        #expect(try Convert.bytes(file, with: Self.adapter) == expected)
    }
}
