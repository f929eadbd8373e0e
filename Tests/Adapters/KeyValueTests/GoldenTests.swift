import MailTLSCore
import MailTLSTestSupport
import Testing

/// Every input in Tests/Fixtures/<built-in profile>/: converted byte for byte to its
/// `.expected.` file, or left unchanged when there is none; conformance checks on each.
@Suite struct GoldenTests {
    static let cases: [(folder: String, input: String)] = Profiles.builtInNames.flatMap { folder in
        Fixtures.inputs(folder).map { (folder, $0) }
    }

    @Test(arguments: cases)
    func convertsToTheExpectedBytes(folder: String, input: String) throws {
        let adapter = try Profiles.adapter(folder)
        let file = try Fixtures.input(folder, input)
        let outcome = try Convert.run(file, with: adapter)
        if let expected = Fixtures.expected(folder, input) {
            let output = try #require(outcome.output, "\(input): expected a conversion")
            #expect(output == expected, "\(input):\n\(output.debugText)")
        } else {
            #expect(outcome.output == nil, "\(input) should stay unchanged")
        }
    }

    @Test(arguments: cases)
    func conforms(folder: String, input: String) throws {
        let adapter = try Profiles.adapter(folder)
        let file = try Fixtures.input(folder, input)
        #expect(AdapterConformance.violations(of: adapter, on: file) == [])
        #expect(AdapterConformance.violations(of: adapter, on: file, policy: ConversionPolicy(protocols: [.smtp, .imap, .pop3])) == [])
    }

    @Test(arguments: cases)
    func isDetectedByContentAndOnlyByItsOwnProfile(folder: String, input: String) throws {
        let file = try Fixtures.input(folder, input)
        for adapter in try Profiles.adapters() {
            let detection = adapter.detect(file)
            if adapter.name == folder {
                #expect(detection == .content, "\(adapter.name) on \(input)")
            } else {
                #expect(detection < .content, "\(adapter.name) claims \(input)")
            }
        }
    }
}
