import MailTLSCore
import MailTLSTestSupport
import Testing

/// The core's side of "no duplicates" (rules §7): an adapter may remove a converted entry that
/// would equal another, and `FileConverter` checks the removal like any conversion. A toy
/// format (one `host port security` line per entry) stands in for a real adapter, with
/// switches that make it lie.
@Suite struct RemovalVerificationTests {
    struct LineAdapter: Adapter {
        enum Removing { case none, duplicates, claimsButKeeps, wrongTwin, unconverted }
        var removing: Removing

        var name: String { "lines" }
        var summary: String { "test format" }
        var filePatterns: [String] { [] }
        func detect(_ file: InputFile) -> Detection { .content }

        struct Document: ScannedDocument {
            var entries: [ServerEntry]
            var lines: [Range<Int>]
            var secretRanges: [Range<Int>] { [] }
            var textEncoding: TextEncoding? { .utf8(bom: false) }
        }

        func scan(_ file: InputFile) throws(InputError) -> Document {
            var entries: [ServerEntry] = [], lines: [Range<Int>] = []
            var start = 0
            for (index, byte) in file.bytes.enumerated() where byte == UInt8(ascii: "\n") {
                let words = String(decoding: file.bytes[start..<index], as: UTF8.self).split(separator: " ")
                guard words.count == 3, let port = Int(words[1]), let security = Security(rawValue: String(words[2])) else {
                    throw InputError(.syntax, "bad line")
                }
                let valueStart = start + words[0].utf8.count + 1
                entries.append(ServerEntry(
                    account: "a\(entries.count)", proto: .smtp, host: String(words[0]), port: port,
                    portLocation: valueStart..<index, security: security))
                lines.append(start..<(index + 1))
                start = index + 1
            }
            return Document(entries: entries, lines: lines)
        }

        func removals(for conversions: [Conversion], in document: Document) -> [Removal] {
            switch removing {
            case .none: return []
            case .unconverted: return [Removal(index: 0, twin: 1)]
            case .duplicates, .claimsButKeeps, .wrongTwin:
                return conversions.compactMap { conversion in
                    let twin = document.entries.indices.first { other in
                        let entry = document.entries[other]
                        return other != conversion.index && entry.host == conversion.entry.host
                            && entry.port == conversion.target.port && entry.security == conversion.target.security
                    }
                    return twin.map { Removal(index: conversion.index, twin: removing == .wrongTwin ? ($0 + 2) % document.entries.count : $0) }
                }
            }
        }

        func edits(for conversions: [Conversion], in document: Document) throws(InputError) -> [ByteEdit] {
            let removed = removing == .claimsButKeeps ? [] : Set(removals(for: conversions, in: document).map(\.index))
            return conversions.map { conversion in
                if removed.contains(conversion.index) { return ByteEdit(replacing: document.lines[conversion.index], with: []) }
                let location = document.entries[conversion.index].portLocation!
                return ByteEdit(replacing: location, with: Array("\(conversion.target.port) tls".utf8))
            }
        }
    }

    static let input = InputFile(name: "t", bytes: Array("a.example 465 tls\na.example 587 starttls\nb.example 587 starttls\n".utf8))

    @Test func aRemovedDuplicateIsVerifiedAndReported() throws {
        let outcome = try FileConverter(policy: ConversionPolicy()).convert(Self.input, with: LineAdapter(removing: .duplicates))
        #expect(try #require(outcome.output).debugText == "a.example 465 tls\nb.example 465 tls\n")
        #expect(outcome.removals == [Removal(index: 1, twin: 0)])
        #expect(outcome.changes.map(\.removed) == [true, false])
        #expect(outcome.changes.map(\.host) == ["a.example", "b.example"])
    }

    @Test func withoutRemovalTheDuplicateStays() throws {
        let outcome = try FileConverter(policy: ConversionPolicy()).convert(Self.input, with: LineAdapter(removing: .none))
        #expect(try #require(outcome.output).debugText == "a.example 465 tls\na.example 465 tls\nb.example 465 tls\n")
        #expect(outcome.changes.map(\.removed) == [false, false])
    }

    @Test(arguments: [
        (LineAdapter.Removing.claimsButKeeps, "converted output has 3 entries, input 3 less 1 removed"),
        (.wrongTwin, "the entry kept for it is another server"),
        (.unconverted, "entry 0 cannot be removed for entry 1"),
    ])
    func aRemovalTheOutputDoesNotBearOutIsAnInternalError(_ removing: LineAdapter.Removing, _ message: String) {
        #expect {
            try FileConverter(policy: ConversionPolicy()).convert(Self.input, with: LineAdapter(removing: removing))
        } throws: { error in
            (error as? InputError)?.message.contains(message) == true && (error as? InputError)?.message.hasPrefix("internal error") == true
        }
    }
}
