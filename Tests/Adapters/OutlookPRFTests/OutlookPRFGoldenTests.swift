import MailTLSCore
import MailTLSTestSupport
import OutlookPRF
import Testing

/// The shared fixtures: every input converts to exactly its `.expected` bytes, or stays
/// unchanged when it has none.
@Suite struct OutlookPRFGoldenTests {
    let adapter = OutlookPRFAdapter()

    @Test(arguments: Fixtures.inputs("outlook-prf"))
    func fixtureConvertsToExpectedBytes(_ name: String) throws {
        let input = try Fixtures.input("outlook-prf", name)
        let outcome = try Convert.run(input, with: adapter)
        if let expected = Fixtures.expected("outlook-prf", name) {
            let output = try #require(outcome.output, "\(name) should convert")
            #expect(output == expected)
        } else {
            #expect(outcome.output == nil, "\(name) should stay unchanged")
        }
    }

    @Test(arguments: Fixtures.inputs("outlook-prf"))
    func fixtureConforms(_ name: String) throws {
        #expect(AdapterConformance.violations(of: adapter, on: try Fixtures.input("outlook-prf", name)) == [])
    }

    @Test func fixtureDetectedByContent() throws {
        for name in Fixtures.inputs("outlook-prf") {
            var file = try Fixtures.input("outlook-prf", name)
            file.name = "renamed.txt"
            #expect(adapter.detect(file) >= .content, "\(name)")
        }
    }

    @Test func pngNamedPrfIsNotClaimedByContent() throws {
        let png = try Fixtures.input("malformed", "png.prf")
        #expect(adapter.detect(png) == .nameOnly)
        #expect(throws: InputError.self) { try adapter.scan(png) }
    }

    @Test func octFixtureReportsBothAccounts() throws {
        let entries = try Convert.entries(try Fixtures.bytes("outlook-prf", "oct-pop3-tls587.prf"), with: adapter)
        let smtp = entries.filter { $0.proto == .smtp }
        #expect(smtp.map(\.account) == ["Sales mailbox", "Support"])
        #expect(smtp.map(\.port) == [587, 465])
        #expect(smtp.map(\.security) == [.starttls, .tls])
    }
}
