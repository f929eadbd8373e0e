import MailTLSCore
import MailTLSTestSupport
import Testing
import ThunderbirdPrefs

/// Every input in Tests/Fixtures/thunderbird-prefs converts to its `.expected.` file byte for
/// byte (or stays unchanged when there is none), converts to nothing a second time, and passes
/// the shared adapter conformance checks.
@Suite struct GoldenTests {
    static let folder = "thunderbird-prefs"
    let adapter = ThunderbirdPrefsAdapter()

    @Test(arguments: Fixtures.inputs(folder))
    func convertsToExpectedBytes(_ name: String) throws {
        let input = try Fixtures.input(Self.folder, name)
        let outcome = try Convert.run(input, with: adapter)
        if let expected = Fixtures.expected(Self.folder, name) {
            let output = try #require(outcome.output, "\(name) should change")
            #expect(output == expected, "\(name):\n\(output.debugText)")
        } else {
            #expect(outcome.output == nil, "\(name) should stay unchanged")
        }
    }

    @Test(arguments: Fixtures.inputs(folder))
    func secondRunChangesNothing(_ name: String) throws {
        let input = try Fixtures.input(Self.folder, name)
        let once = try Convert.bytes(input, with: adapter)
        let again = try Convert.run(InputFile(name: name, bytes: once), with: adapter)
        #expect(again.output == nil)
        #expect(again.conversions.isEmpty)
    }

    @Test(arguments: Fixtures.inputs(folder))
    func conforms(_ name: String) throws {
        let input = try Fixtures.input(Self.folder, name)
        #expect(AdapterConformance.violations(of: adapter, on: input) == [])
    }

    @Test(arguments: Fixtures.inputs(folder))
    func detectedByContent(_ name: String) throws {
        #expect(adapter.detect(try Fixtures.input(Self.folder, name)) == .content)
    }

    @Test func sharedFixturesArePresent() {
        let inputs = Fixtures.inputs(Self.folder)
        for name in ["profile-two-smtp.js", "user-noport.js", "plain-smtp.js"] {
            #expect(inputs.contains(name))
        }
        #expect(inputs.count >= 11)
    }
}
