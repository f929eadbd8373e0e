import Foundation
import MailTLS
import MailTLSTestSupport
import Testing

/// The provider table (README, "Before you convert"): on by default, off for a run with
/// `--no-provider-table`, extended or overridden by the user's tables.
@Suite struct ProviderTableTests {
    static let mixed = Array("""
        account ms
        host smtp.office365.com
        port 587
        tls on

        account corp
        host smtp.corp.example
        port 587
        tls on

        """.utf8)

    static func json(_ stdout: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
    }

    @Test func office365IsLeftByDefaultWithAWarningNamingProviderAndSource() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("msmtprc", Self.mixed)
        let result = try CommandRunner.run(["convert", "--in-place", "--json", path])
        #expect(result.status == 0)
        let text = String(decoding: try folder.read("msmtprc"), as: UTF8.self)
        #expect(text.contains("host smtp.office365.com\nport 587\n"), "the Microsoft 365 account keeps 587")
        #expect(text.contains("host smtp.corp.example\nport 465\n"), "the other account converts")
        #expect(result.stderr.contains("warning: smtp.office365.com (Microsoft 365 / Exchange Online) offers no SMTP over implicit TLS on 465 (source: ISPDB office365.com.xml"))
        let report = try Self.json(result.stdout)
        let held = try #require(report["held"] as? [[String: Any]])
        #expect(held.count == 1)
        #expect(held[0]["reason"] as? String == "provider-no-implicit-tls")
        #expect((held[0]["provider"] as? [String: Any])?["verdict"] as? String == "known-no")
        let changes = try #require(report["changes"] as? [[String: Any]])
        #expect((changes[0]["provider"] as? [String: Any])?["verdict"] as? String == "unknown")
    }

    @Test(arguments: ["smtp-mail.outlook.com", "smtp.mail.me.com", "SMTP.Office365.com"])
    func everyKnownNoHostOfTheRulesIsLeft(host: String) throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("msmtprc", Array("account a\nhost \(host)\nport 587\ntls on\n".utf8))
        #expect(try CommandRunner.run(["check", path]).status == 0, "nothing to convert")
    }

    @Test func theTableTurnedOffConvertsOffice365() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("msmtprc", Self.mixed)
        let result = try CommandRunner.run(["convert", "--in-place", "--no-provider-table", "--json", path])
        #expect(result.status == 0)
        #expect(String(decoding: try folder.read("msmtprc"), as: UTF8.self).contains("host smtp.office365.com\nport 465\n"))
        let report = try Self.json(result.stdout)
        #expect(report["held"] == nil)
        #expect((report["changes"] as? [[String: Any]])?.first?["provider"] == nil, "no table, no verdict")
    }

    @Test func aUserTableOverridesABuiltInEntryByOptionAndByConfigFolder() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("msmtprc", Self.mixed)
        let mine = Array("provider: Our tenant\nhosts: smtp.office365.com\nimplicit-tls: yes\nsource: tested by us\n\nprovider: Corp\nhosts: *.corp.example\nimplicit-tls: no\nsource: our relay\n".utf8)
        let tablePath = try folder.write("mine.txt", mine)

        let byOption = try CommandRunner.run(["check", "--json", "--provider-table", tablePath, path])
        let report = try Self.json(byOption.stdout)
        #expect((report["changes"] as? [[String: Any]])?.map { $0["host"] as? String } == ["smtp.office365.com"])
        #expect((report["held"] as? [[String: Any]])?.map { $0["host"] as? String } == ["smtp.corp.example"])
        #expect(byOption.stderr.contains("(source: our relay; \(tablePath) provider table)"))

        try folder.write("config/mailtls/providers/mine.txt", mine)
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CONFIG_HOME"] = folder.path("config")
        let byFolder = try CommandRunner.run(["check", "--json", path], environment: environment)
        #expect(try Self.json(byFolder.stdout)["held"].flatMap { ($0 as? [[String: Any]])?.first?["host"] as? String } == "smtp.corp.example")
    }

    @Test func aBrokenUserTableStopsTheRunNamingFileAndLine() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("msmtprc", Self.mixed)
        let table = try folder.write("bad.txt", Array("provider: X\nhosts: a\nimplicit-tls: perhaps\nsource: s\n".utf8))
        let result = try CommandRunner.run(["convert", "--provider-table", table, path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("provider table \(table): line 1: implicit-tls 'perhaps' is not yes or no"))
        #expect(folder.files().count == 2, "nothing written")
    }

    @Test func inspectShowsTheVerdictOfEachSMTPEntry() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("msmtprc", Array("account g\nhost smtp.gmail.com\nport 587\ntls on\n\n".utf8) + Self.mixed)
        let text = try CommandRunner.run(["inspect", path]).stdout
        #expect(text.contains("| smtp.office365.com | port 587 | starttls | left as is (provider offers no implicit TLS on 465) | provider known-no (Microsoft 365 / Exchange Online)"))
        #expect(text.contains("| smtp.gmail.com | port 587 | starttls | -> 465/tls | provider known-yes (Gmail / Google Workspace)"))
        #expect(text.contains("| smtp.corp.example | port 587 | starttls | -> 465/tls | provider unknown"))
        let entries = try #require(try Self.json(try CommandRunner.run(["inspect", "--json", path]).stdout)["entries"] as? [[String: Any]])
        #expect(entries.compactMap { ($0["provider"] as? [String: Any])?["verdict"] as? String } == ["known-yes", "known-no", "unknown"])
    }

    @Test func theBuiltInTableParsesAndCoversTheRulesProviders() throws {
        let table = try ProviderCatalog.load(files: [], variables: [:])
        for host in ["smtp.office365.com", "smtp-mail.outlook.com", "smtp.mail.me.com"] {
            #expect(table.finding(for: host).verdict == .knownNo, "\(host)")
        }
        for host in ["smtp.gmail.com", "smtp.mail.yahoo.com", "smtp.aol.com", "mail.gmx.net", "mail.gmx.com", "smtp.web.de", "smtp.mail.ru",
                     "smtp.yandex.com", "smtp.yandex.ru", "smtp.zoho.eu", "smtp.zohocloud.ca", "smtp.fastmail.com", "smtp.comcast.net",
                     "securesmtp.t-online.de"] {
            #expect(table.finding(for: host).verdict == .knownYes, "\(host)")
        }
        #expect(table.layers[0].allSatisfy { !$0.source.isEmpty })
    }
}
