import MailTLSCore
import MailTLSTestSupport
import Testing

@testable import MailTLSXML

/// Every XML fixture parses and every located range holds exactly what libxml2 read; damaged
/// copies are refused or parsed, never a crash or a wrong range.
@Suite struct RobustnessTests {
    static let folders = ["windows-mail", "outlook-autodiscover", "thunderbird-autoconfig"]
    static let files: [(String, String)] = folders.flatMap { folder in
        Fixtures.inputs(folder).filter { !$0.hasPrefix("bad-") }.map { (folder, $0) }
            + Fixtures.inputs(folder).filter { !$0.hasPrefix("bad-") }.map { (folder, Fixtures.expectedName(for: $0)) }
                .filter { (try? Fixtures.bytes(folder, $0.1)) != nil }
    }

    /// For each leaf element: the bytes at `valueRange` decode to its value (when the content
    /// is plain text, as in every settings file), and `range` starts with `<name` and ends
    /// with `>`.
    static func rangeProblems(_ xml: XMLDocument, _ bytes: [UInt8]) -> [String] {
        var problems: [String] = []
        var pending = [xml.root]
        while let element = pending.popLast() {
            pending += element.children
            let whole = xml.encoding.decode(bytes[element.range])
            if !whole.hasPrefix("<\(element.name)") || !whole.hasSuffix(">") {
                problems.append("line \(element.line): range of <\(element.name)> holds \(whole.prefix(40))")
            }
            guard element.children.isEmpty else { continue }
            let raw = xml.encoding.decode(bytes[element.valueRange])
            if !raw.contains("&"), !raw.contains("<"), raw != element.value {
                problems.append("line \(element.line): value of <\(element.name)> located as '\(raw)', libxml2 read '\(element.value)'")
            }
        }
        return problems
    }

    @Test func everyFixtureIsLocatedExactly() throws {
        #expect(Self.files.count >= 20)
        for (folder, name) in Self.files {
            let bytes = try Fixtures.bytes(folder, name)
            let xml = try XMLDocument(parsing: bytes)
            #expect(Self.rangeProblems(xml, bytes) == [], "\(folder)/\(name)")
        }
    }

    @Test func damagedCopiesNeverCrashOrMislocate() throws {
        var random = SeededGenerator(seed: 0x6d61_696c_746c_73)
        var parsed = 0, refused = 0
        for (folder, name) in Self.files {
            let original = try Fixtures.bytes(folder, name)
            for round in 0..<40 {
                var bytes = original
                switch round % 4 {
                case 0: bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &random)))
                case 1:
                    for _ in 0..<3 { bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random) }
                case 2:
                    let at = Int.random(in: 0..<bytes.count, using: &random)
                    bytes.insert(contentsOf: Array("<!--x-->&amp;<![CDATA[]]>".utf8).shuffled(using: &random), at: at)
                default:
                    let at = Int.random(in: 0..<bytes.count, using: &random)
                    bytes.remove(at: at)
                }
                do {
                    let xml = try XMLDocument(parsing: bytes)
                    parsed += 1
                    #expect(Self.rangeProblems(xml, bytes) == [], "\(folder)/\(name) round \(round)")
                } catch {
                    refused += 1
                    #expect(!error.message.isEmpty)
                }
            }
        }
        #expect(parsed > 0 && refused > 0)
    }
}
