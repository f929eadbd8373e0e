import Foundation
import MailTLSCore
import MailTLSTestSupport
import Testing
@testable import KeyValue

/// KMail's `mailtransports` and Evolution's `.source` files, and the profile features they
/// use: a file-wide account whose keys are named with their group (`[Security]Method`), a
/// condition for a server to exist at all (`onlyIf`, with `null` for "absent"), an `unknown`
/// security rule, and markers that must all be present.
@Suite struct GroupedINITests {
    private func entries(_ folder: String, _ name: String) throws -> [ServerEntry] {
        try Convert.entries(Fixtures.bytes(folder, name), name: name, with: Profiles.adapter(folder))
    }

    private func summary(_ entries: [ServerEntry]) -> [String] {
        entries.map { "\($0.account) \($0.host ?? "-") \($0.port)\($0.portIsDefault ? "d" : "") \($0.security.rawValue)" }
    }

    private func run(_ profile: String, _ text: String) throws -> FileConverter.Outcome {
        try Convert.run(InputFile(name: "f", bytes: Array(text.utf8)), with: Profiles.adapter(profile))
    }

    // MARK: KMail

    @Test func kmailTransportsAndTheirDefaults() throws {
        // The sendmail transport (identifier=sendmail) is no SMTP server: no entry, no warning.
        #expect(summary(try entries("kmail", "two-transports.mailtransports")) == [
            "Büro Köln smtp.example.de 587 starttls",
            "Privat – 家 mail.example.org 25d starttls",
        ])
        let outcome = try Convert.run(Fixtures.input("kmail", "two-transports.mailtransports"), with: Profiles.adapter("kmail"))
        #expect(outcome.warnings.isEmpty)
    }

    /// KConfig stores the enum by name (None, SSL, TLS), reads it in any case, and falls back
    /// to its number in the kcfg's order: 0 None, 1 SSL, 2 TLS (STARTTLS).
    @Test func kmailEncryptionByNameInAnyCaseOrByNumber() throws {
        let values = ["SSL", "ssl", "1", "TLS", "Tls", "2", "None", "0", ""]
        var text = ""
        for (index, value) in values.enumerated() { text += "[Transport \(index)]\nhost=h\nname=\(value)\nencryption=\(value)\nport=587\n" }
        text += "[Transport 99]\nhost=h\nname=absent\nport=587\n"
        #expect(summary(try Convert.entries(Array(text.utf8), with: Profiles.adapter("kmail"))) == [
            "SSL h 587 tls", "ssl h 587 tls", "1 h 587 tls",
            "TLS h 587 starttls", "Tls h 587 starttls", "2 h 587 starttls",
            "None h 587 none", "0 h 587 none",
            "8 h 587 none", // `name=` empty: the group's id labels it
            "absent h 587 none",
        ])
    }

    /// `key[de]=` is a translation, another key; `key[$i]=` / `key[$e]=` are flags on the key
    /// itself: the value counts, and is edited in place with the flag kept.
    @Test func kmailLocaleSuffixesAreOtherKeysAndFlagsAreNot() throws {
        let text = "[Transport 1]\nhost=h\nport[de]=2525\nport[$i]=587\nencryption=TLS\n"
        #expect(summary(try Convert.entries(Array(text.utf8), with: Profiles.adapter("kmail"))) == ["1 h 587 starttls"])
        let output = try #require(try run("kmail", text).output)
        #expect(output.debugText == "[Transport 1]\nhost=h\nport[de]=2525\nport[$i]=465\nencryption=SSL\n")
        // A flag on the group header: still the transport's group.
        let immutable = "[Transport 2][$i]\nhost=h\nencryption=TLS\nport=587\n"
        #expect(summary(try Convert.entries(Array(immutable.utf8), with: Profiles.adapter("kmail"))) == ["2 h 587 starttls"])
    }

    @Test func kmailUnknownValuesLeaveOnlyTheirTransport() throws {
        let outcome = try Convert.run(Fixtures.input("kmail", "unknown-values.mailtransports"), with: Profiles.adapter("kmail"))
        #expect(outcome.warnings == [
            "line 2: encryption 'STARTTLS' is not a value this profile knows (SMTP entry 'Hand-edited encryption'): left as is",
            "line 13: port '$SMTP_PORT' is not a number (SMTP entry 'Expanded port'): left as is",
        ])
        #expect(outcome.conversions.map(\.entry.account) == ["Converted despite its neighbours"])
    }

    @Test func kmailNonSMTPTransportsAreNoEntries() throws {
        let text = "[Transport 1]\nidentifier=akonadi_ewsmta_resource\nhost=ews.example.com\nencryption=TLS\nport=587\n"
            + "[Transport 2]\nidentifier=Sendmail\nhost=/usr/sbin/sendmail\n[Transport 3]\nidentifier=smtp\nhost=h\nencryption=TLS\n"
        #expect(summary(try Convert.entries(Array(text.utf8), with: Profiles.adapter("kmail"))) == ["3 h 25d starttls"])
    }

    @Test func kmailDetectionNeedsATransportGroupAndAHostLine() throws {
        let kmail = try Profiles.adapter("kmail")
        #expect(kmail.detect(InputFile(name: "x", bytes: Array("[Transport 7]\nhost=h\n".utf8))) == .content)
        #expect(kmail.detect(InputFile(name: "x", bytes: Array("[Transport 7]\nname=n\n".utf8))) == .no)
        #expect(kmail.detect(InputFile(name: "x", bytes: Array("[General]\nhost=h\n".utf8))) == .no)
        #expect(kmail.detect(InputFile(name: "mailtransports", bytes: Array("[General]\n".utf8))) == .nameOnly)
    }

    @Test func kmailPasswordIsASecret() throws {
        let bytes = try Fixtures.bytes("kmail", "two-transports.mailtransports")
        let ranges = try Convert.secrets(bytes, with: Profiles.adapter("kmail"))
        #expect(ranges.map { Array(bytes[$0]).debugText } == ["obscured-secret-text"])
    }

    // MARK: Evolution

    /// `[Authentication] Method=PLAIN` and `[Security] Method=...` are two keys.
    @Test func evolutionKeysAreNamedWithTheirGroup() throws {
        let found = try entries("evolution", "starttls-587.source")
        #expect(summary(found) == ["Jürgen Müller <jürgen@example.de> smtp.example.de 587 starttls"])
        #expect(found[0].details == [.init("[Authentication]User", "jürgen@example.de"), .init("[Authentication]Method", "PLAIN")])
        #expect(summary(try entries("evolution", "crlf-noport.source")) == ["佐藤 花子 smtp.example.jp 25d starttls"])
    }

    /// Every source is read, so a whole sources folder or `*.source` goes through cleanly, but
    /// only transports whose backend is smtp are servers: a sendmail transport, a mail account
    /// and a calendar hold `[Authentication]`/`[Security]` groups too, and are no SMTP entries.
    @Test func evolutionReadsOnlySMTPTransports() throws {
        for sample in ["sendmail.source", "mail-account.source", "calendar.source"] {
            #expect(try entries("evolution", sample).isEmpty, "\(sample)")
        }
        let evolution = try Profiles.adapter("evolution")
        let odbc = "[ODBC Data Sources]\nsales = PostgreSQL\n[Data Source]\nDriver = PostgreSQL\n"
        #expect(evolution.detect(InputFile(name: "odbc.ini", bytes: Array(odbc.utf8))) == .no)
    }

    @Test func evolutionUnknownMethodAndPortZeroAreLeftWithAWarning() throws {
        let outcome = try Convert.run(Fixtures.input("evolution", "unknown-method.source"), with: Profiles.adapter("evolution"))
        #expect(outcome.output == nil)
        #expect(outcome.warnings == ["line 12: [Security]Method 'tls' is not a value this profile knows (SMTP entry 'Generic secure flag'): left as is"])
        let zero = "[Data Source]\nDisplayName=z\n[Authentication]\nHost=h\nPort=0\n[Security]\nMethod=starttls-on-standard-port\n[Mail Transport]\nBackendName=smtp\n"
        #expect(try run("evolution", zero).warnings == ["line 5: [Authentication]Port '0' is not a port, 1-65535 (SMTP entry 'z'): left as is"])
    }

    /// A key missing from a file-wide account goes into its own group, after that group's
    /// header; a group that is not there is an error, not a key in the wrong group.
    @Test func missingKeysGoIntoTheirGroup() throws {
        let text = "[Data Source]\nDisplayName=d\n[Mail Transport]\nBackendName=smtp\nHost=h\n[Security]\nMethod=starttls-on-standard-port\n"
        var json = try Profiles.builtInJSON("evolution")
        var servers = json["servers"] as! [[String: Any]]
        servers[0]["host"] = "[Mail Transport]Host"
        json["servers"] = servers
        let adapter = KeyValueAdapter(profile: try ProfileDecoder.decode([UInt8](try JSONSerialization.data(withJSONObject: json)), origin: "p.json"))
        #expect(throws: InputError(.unsupportedFormat, "cannot add 'Port': the file has no [Authentication] group")) {
            try Convert.run(InputFile(name: "f", bytes: Array(text.utf8)), with: adapter)
        }
        let withGroup = text + "[Authentication]\nUser=u\n"
        let output = try #require(try Convert.run(InputFile(name: "f", bytes: Array(withGroup.utf8)), with: adapter).output)
        #expect(output.debugText.hasSuffix("Method=ssl-on-alternate-port\n[Authentication]\nPort=465\nUser=u\n"))
    }

    // MARK: Profile fields

    @Test func newFieldsAreChecked() throws {
        func error(_ change: (inout [String: Any]) -> Void) throws -> String { try Profiles.loadError("evolution", change) }
        #expect(try error { $0["sections"] = [["kind": "g", "header": "\\[.*\\]", "role": "file"]] }
            == "profile p.json: field 'sections[0].header': the pattern needs a named group (?<name>...)")
        #expect(try error { $0["detect"] = ["fileNames": ["*.source"], "requiredMarkers": ["x"]] }
            == "profile p.json: field 'detect.requiredMarkers': only counts together with markers")
        #expect(try error { $0["servers"] = [["protocol": "smtp", "onlyIf": ["k": [NSNull()]], "port": ["key": "p", "default": 25],
                                              "security": ["keys": ["s"], "rules": [Any]()]]] } == "accepted")
        #expect(try error { $0["servers"] = [["protocol": "smtp", "onlyIf": ["k": [Any]()], "port": ["key": "p", "default": 25],
                                              "security": ["keys": ["s"], "rules": [Any]()]]] }
            == "profile p.json: field 'servers[0].onlyIf.k': list at least one value")
    }

    @Test func absentMatchesOnlyWhereTheListSaysNull() {
        let orAbsent = Condition(key: "k", matcher: .oneOf(["smtp"]), orAbsent: true)
        let present = Condition(key: "k", matcher: .oneOf(["smtp"]))
        #expect(orAbsent.holds(for: nil) && orAbsent.holds(for: "SMTP") && !orAbsent.holds(for: "sendmail"))
        #expect(!present.holds(for: nil) && present.holds(for: " smtp "))
    }
}
