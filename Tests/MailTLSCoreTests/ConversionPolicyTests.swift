import MailTLSCore
import Testing

/// The rule of conversion-rules.md §1, exhaustively over the report vocabulary.
@Suite struct ConversionPolicyTests {
    func entry(_ proto: MailProtocol = .smtp, port: Int, _ security: Security, host: String? = "smtp.example.com") -> ServerEntry {
        ServerEntry(account: "a", proto: proto, host: host, port: port, portLocation: nil, security: security)
    }

    @Test(arguments: [25, 587], [Security.starttls, .starttlsOptional, .auto, .tls])
    func encryptedOnFromPortConverts(port: Int, security: Security) {
        let decision = ConversionPolicy().decide(entry(port: port, security))
        #expect(decision.verdict == .convert)
        #expect(decision.target == Endpoint(port: 465, security: .tls))
    }

    @Test(arguments: [25, 587])
    func plaintextOnFromPortIsLeftWithWarning(port: Int) {
        let decision = ConversionPolicy().decide(entry(port: port, .none))
        #expect(decision.verdict == .plaintext)
        #expect(decision.target == nil)
        #expect(decision.warnings.count == 1)
    }

    /// Rules §7: a value the adapter does not understand leaves that entry as is, with a warning
    /// quoting it, whatever its port; filters still come first (no warning for an entry the
    /// run does not concern).
    @Test func anUnknownValueLeavesTheEntryWithItsWarning() {
        var unknown = entry(port: 587, .none)
        unknown.unknownValue = "line 9: socketType 'STARTSSL' is not plain, STARTTLS or SSL"
        let decision = ConversionPolicy().decide(unknown)
        #expect(decision.verdict == .unknownValue)
        #expect(decision.target == nil)
        #expect(decision.warnings == ["line 9: socketType 'STARTSSL' is not plain, STARTTLS or SSL: left as is"])
        #expect(ConversionPolicy(serverPatterns: [HostPattern("other.*")]).decide(unknown).verdict == .hostNotSelected)
        unknown.proto = .imap
        #expect(ConversionPolicy().decide(unknown).warnings.isEmpty)
    }

    @Test func implicitTLSOn465IsAlreadyRight() {
        let decision = ConversionPolicy().decide(entry(port: 465, .tls))
        #expect(decision.verdict == .alreadyImplicitTLS)
        #expect(decision.warnings.isEmpty)
    }

    @Test(arguments: [Security.starttls, .auto])
    func nonImplicitOn465IsLeftButWarned(security: Security) {
        let decision = ConversionPolicy().decide(entry(port: 465, security))
        #expect(decision.verdict == .otherPort)
        #expect(!decision.warnings.isEmpty)
    }

    @Test func otherPortsAreNotOurs() {
        #expect(ConversionPolicy().decide(entry(port: 2525, .starttls)).verdict == .otherPort)
        #expect(ConversionPolicy().decide(entry(port: 2525, .none)).verdict == .plaintext)
        #expect(ConversionPolicy().decide(entry(port: 2525, .none)).warnings.isEmpty, "plaintext off the from-ports is not flagged")
    }

    @Test func autoConversionCarriesAWarning() {
        #expect(!ConversionPolicy().decide(entry(port: 587, .auto)).warnings.isEmpty)
    }

    @Test func customPorts() {
        let policy = ConversionPolicy(fromPorts: [2525], toPort: 8465)
        #expect(policy.decide(entry(port: 2525, .starttls)).target == Endpoint(port: 8465, security: .tls))
        #expect(policy.decide(entry(port: 587, .starttls)).verdict == .otherPort)
    }

    @Test func incomingIsOptInWithFixedPorts() {
        let imap = entry(.imap, port: 143, .starttls)
        let pop3 = entry(.pop3, port: 110, .starttls)
        #expect(ConversionPolicy().decide(imap).verdict == .protocolNotSelected)
        let all = ConversionPolicy(fromPorts: [2525], toPort: 1, protocols: [.smtp, .imap, .pop3])
        #expect(all.decide(imap).target == Endpoint(port: 993, security: .tls))
        #expect(all.decide(pop3).target == Endpoint(port: 995, security: .tls))
        #expect(all.decide(entry(.imap, port: 993, .tls)).verdict == .alreadyImplicitTLS)
    }

    @Test func serverFilter() {
        let policy = ConversionPolicy(serverPatterns: [HostPattern("smtp.*.example.com"), HostPattern("mail?.example.org")])
        #expect(policy.decide(entry(port: 587, .starttls, host: "SMTP.eu.Example.com")).verdict == .convert)
        #expect(policy.decide(entry(port: 587, .starttls, host: "mail1.example.org")).verdict == .convert)
        #expect(policy.decide(entry(port: 587, .starttls, host: "mail10.example.org")).verdict == .hostNotSelected)
        #expect(policy.decide(entry(port: 587, .starttls, host: "smtp.other.net")).verdict == .hostNotSelected)
        #expect(policy.decide(entry(port: 587, .starttls, host: nil)).verdict == .hostNotSelected)
    }

    @Test(arguments: [
        ("*", "anything", true), ("", "", true), ("", "a", false), ("a*b*c", "aXXbYYc", true), ("a*b*c", "aXXbYY", false),
        ("*.example.com", "example.com", false), ("*.example.com", "a.b.example.com", true), ("??", "ab", true), ("??", "abc", false),
        ("*a*a*a*a*b", String(repeating: "a", count: 200), false),
    ])
    func hostPatternMatching(pattern: String, host: String, matches: Bool) {
        #expect(HostPattern(pattern).matches(host) == matches)
    }

    @Test func sslFlagMeaning() {
        #expect(Security.fromSSLFlag(true, port: 465, protocol: .smtp) == .tls)
        #expect(Security.fromSSLFlag(true, port: 587, protocol: .smtp) == .starttls)
        #expect(Security.fromSSLFlag(true, port: 993, protocol: .imap) == .tls)
        #expect(Security.fromSSLFlag(false, port: 465, protocol: .smtp) == .none)
    }
}
