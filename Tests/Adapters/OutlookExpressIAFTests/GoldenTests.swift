import Foundation
import MailTLSCore
import MailTLSTestSupport
import OutlookExpressIAF
import Testing

/// Byte-exact goldens: the shared fixtures, this adapter's own fixtures, and the examples.
/// `NAME.expected.iaf` is the output under default options, `NAME.all-protocols.expected.iaf`
/// the output with IMAP and POP3 selected too (when it differs); no file means unchanged. In
/// examples/ the default output is `NAME-smtps.iaf` (what `mailtls convert` writes beside the
/// input) and the all-protocols one is the fixture `example-NAME.all-protocols.expected.iaf`.
/// The expected files come from examples/outlook-express/make_examples.py, a separate
/// implementation of the rules, or from the shared reference converter.
@Suite struct GoldenTests {
    static let adapter = OutlookExpressIAFAdapter()
    static let fixtureFolder = "outlook-express-iaf"
    static let examplesFolder = Fixtures.packageRoot.appendingPathComponent("examples/outlook-express")
    static let allProtocols = ConversionPolicy(protocols: [.smtp, .imap, .pop3])

    static var fixtureInputs: [String] { Fixtures.inputs(fixtureFolder) }
    static var exampleInputs: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: examplesFolder.path)) ?? []
        return names.filter { $0.hasSuffix(".iaf") && !$0.hasSuffix("-smtps.iaf") }.sorted()
    }

    static func read(_ folder: URL, _ name: String) -> [UInt8]? {
        (try? Data(contentsOf: folder.appendingPathComponent(name))).map { [UInt8]($0) }
    }

    static func stem(_ name: String) -> String { String(name.dropLast(".iaf".count)) }

    @Test func thereAreGoldens() {
        #expect(Self.fixtureInputs.count >= 7)
        #expect(Self.exampleInputs.count >= 5)
        #expect(Self.fixtureInputs.contains("oe6-pop3-587.iaf"))
    }

    @Test(arguments: fixtureInputs)
    func fixtureConvertsToExpectedBytes(name: String) throws {
        let folder = Fixtures.root.appendingPathComponent(Self.fixtureFolder)
        try check(
            folder: folder, name: name, expected: Self.read(folder, Self.stem(name) + ".expected.iaf"),
            expectedAll: Self.read(folder, Self.stem(name) + ".all-protocols.expected.iaf"))
    }

    @Test(arguments: exampleInputs)
    func exampleConvertsToExpectedBytes(name: String) throws {
        let fixtures = Fixtures.root.appendingPathComponent(Self.fixtureFolder)
        try check(
            folder: Self.examplesFolder, name: name, expected: Self.read(Self.examplesFolder, Self.stem(name) + "-smtps.iaf"),
            expectedAll: Self.read(fixtures, "example-" + Self.stem(name) + ".all-protocols.expected.iaf"))
    }

    private func check(folder: URL, name: String, expected: [UInt8]?, expectedAll: [UInt8]?) throws {
        let input = InputFile(name: name, bytes: try #require(Self.read(folder, name)))
        let outcome = try Convert.run(input, with: Self.adapter)
        #expect(outcome.output == expected, "\(name): default options")
        #expect(outcome.conversions.isEmpty == (expected == nil))

        let expectedAll = expectedAll ?? expected
        let all = try Convert.run(input, with: Self.adapter, policy: Self.allProtocols)
        #expect(all.output == expectedAll, "\(name): --protocols smtp,imap,pop3")

        #expect(AdapterConformance.violations(of: Self.adapter, on: input).isEmpty)
        #expect(AdapterConformance.violations(of: Self.adapter, on: input, policy: Self.allProtocols).isEmpty)
    }

    /// A second run over any output changes nothing (rules §3).
    @Test(arguments: fixtureInputs)
    func convertingTheOutputAgainChangesNothing(name: String) throws {
        let input = try Fixtures.input(Self.fixtureFolder, name)
        for policy in [ConversionPolicy(), Self.allProtocols] {
            let once = try Convert.bytes(input, with: Self.adapter, policy: policy)
            let again = try Convert.run(InputFile(name: name, bytes: once), with: Self.adapter, policy: policy)
            #expect(again.output == nil)
            #expect(again.conversions.isEmpty)
        }
    }

    @Test func sharedFixturesConvertAsDocumented() throws {
        // 587 -> 465 in place: exactly the 4 value bytes of the SMTPPort record at 0x128.
        let pop3 = try Fixtures.input(Self.fixtureFolder, "oe6-pop3-587.iaf")
        let output = try Convert.bytes(pop3, with: Self.adapter)
        #expect(output.count == pop3.bytes.count)
        let differing = (0..<output.count).filter { output[$0] != pop3.bytes[$0] }
        #expect(differing.allSatisfy { (0x130..<0x134).contains($0) })
        #expect(Array(output[0x130..<0x134]) == [0xD1, 0x01, 0x00, 0x00])

        // No port record: one 12-byte SMTPPort record appended, the rest untouched.
        let jp = try Fixtures.input(Self.fixtureFolder, "oe6-jp-noport.iaf")
        let appended = try Convert.bytes(jp, with: Self.adapter)
        #expect(Array(appended.prefix(jp.bytes.count)) == jp.bytes)
        #expect(Array(appended.dropFirst(jp.bytes.count)) == [0xE9, 0x03, 0x2D, 0x14, 4, 0, 0, 0, 0xD1, 0x01, 0, 0])

        let plain = try Fixtures.input(Self.fixtureFolder, "oe6-plain-25.iaf")
        #expect(try Convert.run(plain, with: Self.adapter).output == nil)
    }
}
