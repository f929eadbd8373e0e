import MailTLS
import MailTLSTestSupport
import Testing

/// The README's "From Swift" example, run as written (on a temporary copy).
@Suite struct LibraryUseTests {
    @Test func readmeExampleConvertsInProcess() throws {
        let folder = try TemporaryFolder()
        let path = try folder.copyFixture("msmtp", "basic.msmtprc", as: ".msmtprc")
        let registry = try BuiltInAdapters.registry()
        let processor = FileProcessor(registry: registry, options: RunOptions(output: .inPlace(backupSuffix: ".bak")))
        let result = processor.process(FileTask(path: path, explicit: true))
        #expect(result.report.status == .converted)
        #expect(!result.report.changes.isEmpty)
        #expect(result.report.changes.allSatisfy { $0.to == Endpoint(port: 465, security: .tls) })
        #expect(try folder.read(".msmtprc") == Fixtures.expected("msmtp", "basic.msmtprc"))
        #expect(try folder.read(".msmtprc.bak") == Fixtures.bytes("msmtp", "basic.msmtprc"))
    }

    @Test func bytesOnlyConversion() throws {
        let registry = try BuiltInAdapters.registry()
        let file = try Fixtures.input("git", "sendemail.gitconfig")
        guard case .adapter(let adapter) = registry.choose(for: file) else {
            Issue.record("gitconfig not recognised")
            return
        }
        let outcome = try FileConverter(policy: ConversionPolicy()).convert(file, with: adapter)
        #expect(outcome.output == Fixtures.expected("git", "sendemail.gitconfig"))
    }
}
