import Foundation
import MailTLS
import MailTLSProbe
import MailTLSTestSupport
import Testing

/// `--probe` end to end: each verdict's convert/leave decision and JSON, one probe per host
/// however many files name it, and no socket without `--probe`.
@Suite struct ProbeRunTests {
    static let greeting = "220 localhost ESMTP test"
    static let account = Array("account a\nhost localhost\nport 587\ntls on\n".utf8)

    static func reports(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    /// Runs `check --probe` on one file against a server behaving as given; returns the JSON
    /// report and the server's connection count.
    func check(_ behaviour: TestSMTPServer.Behaviour?, extra: [String] = []) throws -> (report: [String: Any], stderr: String, connections: Int) {
        let folder = try TemporaryFolder()
        let path = try folder.write("msmtprc", Self.account)
        let server = try behaviour.map(TestSMTPServer.init)
        defer { server?.stop() }
        let port = try server?.port ?? TestSMTPServer.closedPort()
        let result = try CommandRunner.run(
            ["check", "--probe", "--probe-timeout", "0.5", "--ca-file", Certificates.testCA, "--to-port", "\(port)", "--json"] + extra + [path])
        return (try #require(try Self.reports(result.stdout).first), result.stderr, server?.connections ?? 0)
    }

    @Test func okConverts() throws {
        let (report, _, connections) = try check(.tls(certificate: "localhost", greeting: Self.greeting))
        #expect(report["status"] as? String == "would-convert")
        let change = try #require((report["changes"] as? [[String: Any]])?.first)
        #expect((change["probe"] as? [String: Any])?["verdict"] as? String == "ok")
        #expect(connections == 1)
    }

    @Test(arguments: [
        ("other-name", "certificate-name-mismatch"), ("untrusted", "certificate-untrusted"), ("expired", "certificate-expired"),
        ("plaintext", "not-tls"), ("imap", "not-smtp"), ("closed", "refused"), ("silent", "timeout"),
    ])
    func everyOtherVerdictLeavesTheEntryWithAWarning(server: String, verdict: String) throws {
        let behaviour: TestSMTPServer.Behaviour? = switch server {
        case "plaintext": .plaintext(greeting: Self.greeting)
        case "imap": .tls(certificate: "localhost", greeting: "* OK IMAP4rev1 ready")
        case "closed": nil
        case "silent": .silent
        default: .tls(certificate: server, greeting: Self.greeting)
        }
        let (report, stderr, _) = try check(behaviour)
        #expect(report["status"] as? String == "unchanged")
        #expect((report["changes"] as? [Any])?.isEmpty == true)
        let held = try #require((report["held"] as? [[String: Any]])?.first)
        #expect(held["reason"] as? String == "probe-failed")
        let probe = try #require(held["probe"] as? [String: Any])
        #expect(probe["verdict"] as? String == verdict)
        #expect(probe["host"] as? String == "localhost")
        #expect(stderr.contains("warning: probe localhost:"))
        #expect(stderr.contains(": \(verdict)"))
        if verdict == "certificate-name-mismatch" {
            #expect(probe["names"] as? [String] == ["other.example", "*.other.example"])
        }
    }

    @Test func acceptNameMismatchConvertsAndWarnsWithTheNames() throws {
        let (report, stderr, _) = try check(.tls(certificate: "other-name", greeting: Self.greeting), extra: ["--accept-name-mismatch"])
        #expect(report["status"] as? String == "would-convert")
        #expect(((report["changes"] as? [[String: Any]])?.first?["probe"] as? [String: Any])?["verdict"] as? String == "certificate-name-mismatch")
        #expect(stderr.contains("certificate names: other.example, *.other.example"))
    }

    @Test func withoutProbeNothingConnects() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("msmtprc", Self.account)
        let server = try TestSMTPServer(.tls(certificate: "localhost", greeting: Self.greeting))
        defer { server.stop() }
        let result = try CommandRunner.run(["convert", "--in-place", "--to-port", "\(server.port)", path])
        #expect(result.status == 0)
        #expect(String(decoding: try folder.read("msmtprc"), as: UTF8.self).contains("port \(server.port)"))
        #expect(server.connections == 0)
    }

    @Test func oneHostNamedByAThousandFilesIsProbedOnce() throws {
        let folder = try TemporaryFolder()
        for index in 0..<1000 { try folder.write("tree/\(index / 100)/msmtprc-\(index)", Self.account) }
        let server = try TestSMTPServer(.tls(certificate: "localhost", greeting: Self.greeting))
        defer { server.stop() }
        let result = try CommandRunner.run([
            "convert", "--probe", "--ca-file", Certificates.testCA, "--to-port", "\(server.port)", "--jobs", "4", "--json", "--no-progress",
            "--output-dir", folder.path("out"), folder.path("tree"),
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let reports = try Self.reports(result.stdout)
        #expect(reports.count == 1000)
        #expect(reports.allSatisfy { ($0["changes"] as? [[String: Any]])?.first.flatMap { $0["probe"] as? [String: Any] }?["verdict"] as? String == "ok" })
        #expect(server.connections == 1)
    }

    @Test func filesOnManyThreadsShareOneProbeWithoutAPrefetch() throws {
        let folder = try TemporaryFolder()
        let server = try TestSMTPServer(.tls(certificate: "localhost", greeting: Self.greeting))
        defer { server.stop() }
        let tasks = try (0..<200).map { FileTask(path: try folder.write("f\($0).msmtprc", Self.account), explicit: true) }
        var options = RunOptions(policy: ConversionPolicy(toPort: server.port), dryRun: true)
        options.safety = SafetyCheck(probes: ProbeCache(prober: try NIOProber(timeoutSeconds: 5, caFile: Certificates.testCA)))
        let processor = FileProcessor(registry: try BuiltInAdapters.registry(), options: options)
        var verdicts: [ProbeVerdict?] = []
        OrderedParallelRunner<FileTask, FileResult>(jobs: 8).run(tasks, work: processor.process, deliver: { verdicts.append($0.decisions.first?.probe?.verdict) })
        #expect(verdicts.count == 200)
        #expect(verdicts.allSatisfy { $0 == .ok })
        #expect(server.connections == 1)
    }

    @Test func probeCommandPrintsVerdictsAndExits1UnlessAllOK() throws {
        let good = try TestSMTPServer(.tls(certificate: "localhost", greeting: Self.greeting))
        let plain = try TestSMTPServer(.plaintext(greeting: Self.greeting))
        defer { good.stop(); plain.stop() }
        let ok = try CommandRunner.run(["probe", "--ca-file", Certificates.testCA, "localhost:\(good.port)"])
        #expect(ok.status == 0)
        #expect(ok.stdout == "localhost:\(good.port): ok\n")
        let mixed = try CommandRunner.run(["probe", "--json", "--ca-file", Certificates.testCA, "localhost:\(good.port)", "127.0.0.1:\(plain.port)"])
        #expect(mixed.status == 1)
        #expect(try Self.reports(mixed.stdout).map { $0["verdict"] as? String } == ["ok", "not-tls"])
        #expect(try CommandRunner.run(["probe", "host:notaport"]).status == 64)
    }
}
