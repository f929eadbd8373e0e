import Foundation
import MailTLSCore
import MailTLSProbe
import Testing

/// `NIOProber` against servers on 127.0.0.1, one per verdict of README, "Before you convert".
@Suite struct ProbeVerdictTests {
    static let greeting = "220 localhost ESMTP test"

    func probe(_ behaviour: TestSMTPServer.Behaviour, timeout: Double = 5, caFile: String? = Certificates.testCA) throws -> (ProbeResult, TestSMTPServer) {
        let server = try TestSMTPServer(behaviour)
        defer { server.stop() }
        let prober = try NIOProber(timeoutSeconds: timeout, caFile: caFile)
        let results = prober.probe([ProbeTarget(host: "localhost", port: server.port)])
        return (try #require(results.first), server)
    }

    @Test func validCertificateFromTheTrustedTestCAIsOKAndTheProbeSaysQUIT() throws {
        let (result, server) = try probe(.tls(certificate: "localhost", greeting: Self.greeting))
        #expect(result.verdict == .ok)
        #expect(result.names == nil)
        #expect(server.connections == 1)
        // QUIT may arrive just after the verdict; give the server's loop a moment to record it.
        for _ in 0..<200 where !server.received.contains("QUIT") { usleep(5000) }
        #expect(server.received.contains("QUIT"))
    }

    @Test func withoutTheCAFileTheSameServerIsUntrusted() throws {
        let (result, _) = try probe(.tls(certificate: "localhost", greeting: Self.greeting), caFile: nil)
        #expect(result.verdict == .certificateUntrusted)
    }

    @Test func certificateForAnotherNameIsAMismatchListingItsNames() throws {
        let (result, _) = try probe(.tls(certificate: "other-name", greeting: Self.greeting))
        #expect(result.verdict == .certificateNameMismatch)
        #expect(result.names == ["other.example", "*.other.example"])
    }

    @Test func certificateFromAnUntrustedCAIsUntrusted() throws {
        let (result, _) = try probe(.tls(certificate: "untrusted", greeting: Self.greeting))
        #expect(result.verdict == .certificateUntrusted)
    }

    @Test func expiredCertificateIsExpired() throws {
        let (result, _) = try probe(.tls(certificate: "expired", greeting: Self.greeting))
        #expect(result.verdict == .certificateExpired)
        #expect(result.detail?.contains("2000-01-01 to 2001-01-01") == true)
    }

    @Test func plaintextSMTPIsNotTLS() throws {
        let (result, _) = try probe(.plaintext(greeting: Self.greeting))
        #expect(result.verdict == .notTLS)
        #expect(result.detail?.contains(Self.greeting) == true)
    }

    @Test func tlsWithAnotherGreetingIsNotSMTP() throws {
        let (result, _) = try probe(.tls(certificate: "localhost", greeting: "* OK IMAP4rev1 ready"))
        #expect(result.verdict == .notSMTP)
        #expect(result.detail?.contains("* OK IMAP4rev1 ready") == true)
    }

    @Test func tlsClosedWithoutAGreetingIsNotSMTP() throws {
        let (result, _) = try probe(.tls(certificate: "localhost", greeting: nil))
        #expect(result.verdict == .notSMTP)
    }

    @Test func closedPortIsRefused() throws {
        let port = try TestSMTPServer.closedPort()
        let result = try NIOProber(timeoutSeconds: 5).probe([ProbeTarget(host: "127.0.0.1", port: port)])
        #expect(result.first?.verdict == .refused)
    }

    @Test func silentServerTimesOutWithinTheTimeoutOption() throws {
        let (result, server) = try probe(.silent, timeout: 0.3)
        #expect(result.verdict == .timeout)
        #expect(server.connections == 1)
    }

    @Test func manyTargetsComeBackInOrderWithBoundedConcurrency() throws {
        let good = try TestSMTPServer(.tls(certificate: "localhost", greeting: Self.greeting))
        let plain = try TestSMTPServer(.plaintext(greeting: Self.greeting))
        defer { good.stop(); plain.stop() }
        let targets = (0..<6).map { ProbeTarget(host: "localhost", port: $0 % 2 == 0 ? good.port : plain.port) }
        let results = try NIOProber(timeoutSeconds: 5, concurrency: 2, caFile: Certificates.testCA).probe(targets)
        #expect(results.map(\.verdict) == [.ok, .notTLS, .ok, .notTLS, .ok, .notTLS])
        #expect(results.map(\.port) == targets.map(\.port))
    }
}
