import MailTLS
import MailTLSTestSupport
import Testing

/// Checks every registered adapter against its fixture folder `Tests/Fixtures/<adapter name>/`.
/// A new adapter is picked up from the registry; it only has to ship fixtures.
@Suite struct EveryAdapterConforms {
    static let adapters: [any Adapter] = (try? BuiltInAdapters.registry().adapters) ?? []
    static var names: [String] { adapters.map(\.name) }

    func adapter(_ name: String) throws -> any Adapter {
        try #require(Self.adapters.first { $0.name == name })
    }

    @Test func registryIsNotEmptyAndNamesAreUnique() {
        #expect(!Self.adapters.isEmpty)
        #expect(Set(Self.names).count == Self.names.count)
    }

    @Test(arguments: names)
    func shipsFixturesWithAtLeastOneConversion(_ name: String) {
        let inputs = Fixtures.inputs(name).filter { !$0.hasPrefix("bad-") }
        #expect(!inputs.isEmpty, "Tests/Fixtures/\(name)/ has no inputs")
        #expect(inputs.contains { Fixtures.expected(name, $0) != nil }, "\(name): no golden (.expected) fixture")
    }

    @Test(arguments: names)
    func goldensAndConformanceHold(_ name: String) throws {
        let adapter = try adapter(name)
        for input in Fixtures.inputs(name) where !input.hasPrefix("bad-") {
            let file = try Fixtures.input(name, input)
            #expect(adapter.detect(file) >= .content, "\(name): \(input) not detected by content")
            #expect(AdapterConformance.violations(of: adapter, on: file) == [])
            let everyProtocol = ConversionPolicy(protocols: [.smtp, .imap, .pop3])
            #expect(AdapterConformance.violations(of: adapter, on: file, policy: everyProtocol) == [], "\(name): \(input), all protocols")
            let output = try Convert.bytes(file, with: adapter)
            if let expected = Fixtures.expected(name, input) {
                #expect(output.elementsEqual(expected), "\(name): \(input) does not reproduce its .expected bytes")
            } else {
                #expect(output.elementsEqual(file.bytes), "\(name): \(input) should be unchanged")
            }
        }
    }

    @Test(arguments: names)
    func ownMalformedInputsAreRejected(_ name: String) throws {
        let adapter = try adapter(name)
        for input in Fixtures.inputs(name) where input.hasPrefix("bad-") {
            #expect(AdapterConformance.malformedViolations(of: adapter, on: try Fixtures.input(name, input)) == [])
        }
    }

    /// Cutting a sample anywhere must give an error or a clean result, never a crash or an
    /// output that the core's own verification rejects.
    @Test(arguments: names)
    func truncatedSamplesNeverCrash(_ name: String) throws {
        let adapter = try adapter(name)
        for input in Fixtures.inputs(name) {
            let bytes = try Fixtures.bytes(name, input)
            let step = max(1, bytes.count / 64)
            for cut in stride(from: 0, to: bytes.count, by: step) {
                _ = try? Convert.run(InputFile(name: input, bytes: Array(bytes[0..<cut])), with: adapter)
            }
        }
    }

    /// No adapter claims another adapter's samples by content more strongly than their own.
    @Test(arguments: names)
    func samplesAreDetectedAsTheirOwnFormat(_ name: String) throws {
        let registry = try BuiltInAdapters.registry()
        for input in Fixtures.inputs(name) where !input.hasPrefix("bad-") {
            var file = try Fixtures.input(name, input)
            file.name = "no-hint"
            guard case .adapter(let chosen) = registry.choose(for: file) else {
                Issue.record("\(name): \(input) not recognised by content")
                continue
            }
            #expect(chosen.name == name, "\(input) detected as \(chosen.name)")
        }
    }

    /// Every pair of formats is kept apart: no other adapter claims this adapter's samples by
    /// content at all, whatever the registry order, so a sample is never a tie or a close call.
    /// (INI dialects such as Outlook PRF, Claws, KMail and Evolution look alike, and several
    /// key-value profiles have no signature: a tie would go to whichever is listed first.)
    @Test(arguments: names)
    func noOtherAdapterClaimsTheseSamples(_ name: String) throws {
        for input in Fixtures.inputs(name) where !input.hasPrefix("bad-") {
            var file = try Fixtures.input(name, input)
            file.name = "no-hint"
            for other in Self.adapters where other.name != name {
                #expect(other.detect(file) < .content, "\(other.name) claims \(name)/\(input)")
            }
        }
    }

    /// A format with a signature (magic bytes, a root element) claims nothing else: an adapter
    /// that detects its own samples by signature answers `.no` to every other adapter's
    /// samples, whatever their content looks like.
    @Test(arguments: names)
    func signatureFormatsClaimNoOtherSamples(_ name: String) throws {
        let adapter = try adapter(name)
        guard try Self.detectsOwnSamplesBySignature(adapter) else { return }
        for other in Self.names + ["not-settings"] where other != name {
            for input in Fixtures.inputs(other) where !input.hasPrefix("bad-") {
                var file = try Fixtures.input(other, input)
                file.name = "no-hint"
                #expect(adapter.detect(file) == .no, "\(name) claims \(other)/\(input)")
            }
        }
    }

    /// What a folder walk meets that is not settings, shaped like real files (an empty
    /// `.gitkeep`, Unison and Lynis `.prf` profiles, an XML file that is no mail config): no
    /// adapter claims it by content, under its real name, so a walk skips it (rules §7).
    @Test func notSettingsSamplesAreClaimedByNoAdapter() throws {
        let registry = try BuiltInAdapters.registry()
        let samples = Fixtures.inputs("not-settings")
        #expect(samples.count >= 4)
        for input in samples {
            let file = try Fixtures.input("not-settings", input)
            for adapter in registry.adapters {
                #expect(adapter.detect(file) < .content, "\(adapter.name) claims not-settings/\(input)")
            }
            guard case .unrecognised = registry.choose(for: file) else {
                Issue.record("not-settings/\(input) was given an adapter")
                continue
            }
        }
    }

    /// The rule above must apply to someone, or it tests nothing.
    @Test func someAdaptersDetectBySignature() throws {
        #expect(try Self.adapters.filter(Self.detectsOwnSamplesBySignature).count >= 4)
    }

    static func detectsOwnSamplesBySignature(_ adapter: any Adapter) throws -> Bool {
        try Fixtures.inputs(adapter.name).filter { !$0.hasPrefix("bad-") }
            .allSatisfy { adapter.detect(try Fixtures.input(adapter.name, $0)) == .signature }
    }

    /// The shared malformed samples: whichever adapter claims them (by content or name) must
    /// reject them.
    @Test func sharedMalformedInputsAreRejected() throws {
        let registry = try BuiltInAdapters.registry()
        for input in Fixtures.inputs("malformed") {
            let file = try Fixtures.input("malformed", input)
            let candidates = registry.adapters.filter { $0.detect(file) > .no || file.nameMatches($0.filePatterns) }
            for adapter in candidates {
                #expect(AdapterConformance.malformedViolations(of: adapter, on: file) == [])
            }
        }
    }
}
