import MailTLSCore
import MailTLSTestSupport
import Testing
@testable import KeyValue

/// `ByteText` splits lines with `memchr` when a file has no CR and byte by byte otherwise; both
/// must cut where a plain reading does, with the same endings.
@Suite struct ByteTextTests {
    @Test func linesMatchAPlainSplit() throws {
        var random = SeededGenerator(seed: 10)
        let pieces: [[UInt8]] = [[0x61], [0x3D], [0x0A], [0x0D], [0x0D, 0x0A], [0x20], Array("key = value".utf8)]
        for _ in 0..<2_000 {
            var bytes: [UInt8] = [0x78]
            for _ in 0..<Int.random(in: 0...10, using: &random) { bytes += pieces.randomElement(using: &random)! }
            let text = try ByteText(bytes: bytes)
            var expected: [(Range<Int>, LineEnding)] = []
            var start = 0, i = 0
            while i < bytes.count {
                if bytes[i] == 0x0A || bytes[i] == 0x0D {
                    let crlf = bytes[i] == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A
                    expected.append((start..<i, crlf ? .crlf : bytes[i] == 0x0A ? .lf : .cr))
                    i += crlf ? 2 : 1
                    start = i
                } else {
                    i += 1
                }
            }
            if start < bytes.count { expected.append((start..<bytes.count, .none)) }
            #expect(text.lines.map(\.content) == expected.map(\.0), "\(bytes)")
            #expect(text.lines.map(\.ending) == expected.map(\.1), "\(bytes)")
            #expect(text.lines.map(\.number) == Array(1...max(1, expected.count)).prefix(expected.count).map { $0 }, "\(bytes)")
        }
    }
}
