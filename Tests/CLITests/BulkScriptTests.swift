import Foundation
import MailTLSTestSupport
import Testing

/// examples/bulk-convert.sh, run as a user would.
@Suite struct BulkScriptTests {
    @Test func convertsATreeIntoDestWithAReport() throws {
        let folder = try TemporaryFolder()
        _ = try folder.copyFixture("outlook-prf", "oct-pop3-tls587.prf", as: "in/a b/one.prf")
        _ = try folder.copyFixture("msmtp", "basic.msmtprc", as: "in/two.msmtprc")
        _ = try folder.copyFixture("git", "ssl.gitconfig", as: "in/three.gitconfig")
        try folder.write("in/notes.txt", Array("not settings\n".utf8))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [Fixtures.packageRoot.appendingPathComponent("examples/bulk-convert.sh").path, folder.path("in"), folder.path("out")]
        var environment = ProcessInfo.processInfo.environment
        environment["MAILTLS"] = CommandRunner.binary.standardizedFileURL.path
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.contains("converted: 2  unchanged: 1  skipped: 1  errors: 0"))
        #expect(try folder.read("out/a b/one.prf") == Fixtures.expected("outlook-prf", "oct-pop3-tls587.prf"))
        #expect(try folder.read("out/two.msmtprc") == Fixtures.expected("msmtp", "basic.msmtprc"))
        #expect(!folder.exists("out/three.gitconfig"))
        #expect(folder.exists("out/mailtls-report.jsonl"))
    }
}
