import Foundation
import MailTLSCore
import Testing

/// Provider table parsing and lookup, the probe cache, and how `SafetyCheck` turns findings
/// into decisions (README, "Before you convert"). No network: probers here are fakes.
@Suite struct SafetyTests {
    static let table = """
        # comment
        provider: Example Mail
        hosts: smtp.example.com, *.example.net
        implicit-tls: no
        source: their help page

        provider: Good Mail
        hosts: smtp.good.test
        implicit-tls: yes
        source: ISPDB good.test.xml
        """

    func records(_ text: String, origin: String = "t.txt") throws(InputError) -> [ProviderTable.Record] {
        try ProviderTableParser.parse(Array(text.utf8), origin: origin)
    }

    @Test func parsesRecordsAndMatchesGlobsCaseInsensitively() throws {
        let table = ProviderTable(layers: [try records(Self.table)])
        #expect(table.finding(for: "SMTP.Example.COM").verdict == .knownNo)
        #expect(table.finding(for: "mx.example.net.").verdict == .knownNo)
        #expect(table.finding(for: "smtp.good.test") == ProviderFinding(verdict: .knownYes, provider: "Good Mail", source: "ISPDB good.test.xml", table: "t.txt"))
        #expect(table.finding(for: "smtp.other.test").verdict == .unknown)
        #expect(table.finding(for: nil).verdict == .unknown)
    }

    /// A table written on Windows reads like one with LF line endings (CRLF used to keep a
    /// whole file on one line, so its first comment hid every record).
    @Test func crlfTablesReadLikeLFOnes() throws {
        let crlf = try records(Self.table.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n")
        #expect(crlf.count == 2)
        #expect(crlf == (try records(Self.table)))
        #expect(ProviderTable(layers: [crlf]).finding(for: "smtp.good.test").verdict == .knownYes)
    }

    @Test func aLaterLayerOverridesAnEarlierOne() throws {
        var table = ProviderTable(layers: [try records(Self.table, origin: "built-in")])
        table.add(try records("provider: Mine\nhosts: smtp.example.com\nimplicit-tls: yes\nsource: I tested it\n", origin: "mine.txt"))
        #expect(table.finding(for: "smtp.example.com") == ProviderFinding(verdict: .knownYes, provider: "Mine", source: "I tested it", table: "mine.txt"))
        #expect(table.finding(for: "a.example.net").verdict == .knownNo, "records the user did not override stay")
    }

    @Test(arguments: [
        ("provider: A\nhosts: h\nimplicit-tls: maybe\nsource: s\n", "line 1: implicit-tls 'maybe' is not yes or no"),
        ("provider: A\nhosts: h\nsource: s\n", "line 1: record has no 'implicit-tls'"),
        ("\nprovider: A\nhost: h\n", "line 3: unknown field 'host'"),
        ("provider: A\nprovider: B\n", "line 2: 'provider' given twice in one record"),
        ("just words\n", "line 1: expected 'field: value'"),
    ])
    func malformedTablesNameFileAndLine(text: String, message: String) {
        #expect(throws: InputError.self) { try records(text) }
        do {
            _ = try records(text)
        } catch {
            #expect(error.message == "provider table t.txt: \(message)")
        }
    }

    final class CountingProber: Prober, @unchecked Sendable {
        let lock = NSLock()
        var calls: [ProbeTarget] = []
        let verdict: ProbeVerdict
        init(_ verdict: ProbeVerdict) { self.verdict = verdict }
        func probe(_ targets: [ProbeTarget]) -> [ProbeResult] {
            lock.lock()
            calls += targets
            lock.unlock()
            usleep(2000)  // widen the window in which other threads ask for the same host
            return targets.map { ProbeResult($0, verdict, names: verdict == .certificateNameMismatch ? ["shared.example"] : nil) }
        }
    }

    @Test func theCacheProbesEachTargetOnceAcrossThreads() {
        let prober = CountingProber(.ok)
        let cache = ProbeCache(prober: prober)
        let target = ProbeTarget(host: "smtp.example.org", port: 465)
        DispatchQueue.concurrentPerform(iterations: 1000) { index in
            let other = ProbeTarget(host: "h\(index % 3).example.org", port: 465)
            #expect(cache.results(for: [target, other])[target]?.verdict == .ok)
        }
        #expect(prober.calls.filter { $0 == target }.count == 1)
        #expect(prober.calls.count == 4)
    }

    static func decision(host: String?, port: Int = 587) -> Decision {
        ConversionPolicy().decide(ServerEntry(account: "a", proto: .smtp, host: host, port: port, portLocation: nil, security: .starttls))
    }

    @Test(arguments: ProbeVerdict.allCases)
    func underProbeOnlyOKConverts(verdict: ProbeVerdict) {
        let check = SafetyCheck(probes: ProbeCache(prober: CountingProber(verdict)))
        let reviewed = check.review([Self.decision(host: "smtp.example.org")])[0]
        #expect(reviewed.probe?.verdict == verdict)
        #expect(reviewed.probe?.port == 465)
        #expect(reviewed.isConversion == (verdict == .ok))
        #expect(reviewed.verdict == (verdict == .ok ? .convert : .probeFailed))
        if verdict != .ok { #expect(reviewed.warnings.last?.contains(verdict.rawValue) == true) }
    }

    @Test func acceptingNameMismatchConvertsWithAWarningListingTheNames() {
        let check = SafetyCheck(probes: ProbeCache(prober: CountingProber(.certificateNameMismatch)), acceptNameMismatch: true)
        let reviewed = check.review([Self.decision(host: "mail.customer.example")])[0]
        #expect(reviewed.isConversion)
        #expect(reviewed.warnings.last?.contains("shared.example") == true)
    }

    @Test func knownNoIsHeldWithoutProbingAndNeverOpensAProbe() throws {
        let prober = CountingProber(.ok)
        let check = SafetyCheck(providers: ProviderTable(layers: [try records(Self.table)]), probes: ProbeCache(prober: prober))
        let reviewed = check.review([Self.decision(host: "smtp.example.com"), Self.decision(host: nil)])
        #expect(reviewed[0].verdict == .providerWithoutImplicitTLS)
        #expect(reviewed[0].warnings.last == "smtp.example.com (Example Mail) offers no SMTP over implicit TLS on 465 (source: their help page; t.txt provider table): left as is")
        #expect(reviewed[1].verdict == .probeFailed, "no host: nothing to probe, left as is")
        #expect(prober.calls.isEmpty)
    }

    @Test func withoutTableAndProbeNothingChanges() {
        let decision = Self.decision(host: "smtp.example.com")
        #expect(SafetyCheck().review([decision]) == [decision])
    }
}
