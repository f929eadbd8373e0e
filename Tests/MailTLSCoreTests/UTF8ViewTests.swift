import MailTLSCore
import MailTLSTestSupport
import Testing

/// `UTF8View` is `TextFile` transcoded to UTF-8 in one pass: over random files in every
/// encoding, both fail with the same message or agree on every character and offset.
@Suite struct UTF8ViewTests {
    @Test func agreesWithTextFileOnRandomFiles() throws {
        var random = SeededGenerator(seed: 932)
        let pieces: [[UInt8]] = [[0x41], [0x0A], [0x0D, 0x0A], [0x5C], [0x00], [0x95, 0x5C], [0x83, 0x5B], [0xB1], [0x81],
                                 [0xE3, 0x81, 0x82], [0xF0, 0x9F, 0x98, 0x80], [0xC3], [0xD8, 0x3D], [0xDE, 0x00], [0x3D, 0x00]]
        var agreed = 0
        for round in 0..<3_000 {
            var body: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &random) { body += pieces.randomElement(using: &random)! }
            let prefixes: [[UInt8]] = [[], [0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF]]
            let file = prefixes[round % prefixes.count] + body
            let encoding = TextEncoding.detect(file)
            let expected: Result<TextFile, InputError> = Result { () throws(InputError) in try TextFile(bytes: file, encoding: encoding) }
            let actual: Result<UTF8View, InputError> = Result { () throws(InputError) in try UTF8View(file: file, encoding: encoding) }
            switch (expected, actual) {
            case (.failure(let a), .failure(let b)):
                #expect(a.message == b.message, "\(file)")
            case (.success(let text), .success(let view)):
                var bytes: [UInt8] = []
                var offsets: [Int] = []
                for (index, scalar) in text.scalars.enumerated() {
                    let utf8 = Array(String(scalar).utf8)
                    bytes += utf8
                    offsets += Array(repeating: text.offsets[index], count: utf8.count)
                }
                #expect(view.bytes == bytes, "\(file)")
                if case .utf8 = encoding {
                    // A UTF-8 file is its own view: every byte maps to itself, so character
                    // starts and the end map as TextFile's offsets do.
                    var index = 0
                    for (k, scalar) in text.scalars.enumerated() {
                        #expect(view.fileOffset(index) == text.offsets[k], "\(file)")
                        index += String(scalar).utf8.count
                    }
                    #expect(view.fileOffset(view.bytes.count) == file.count, "\(file)")
                } else {
                    #expect((0...view.bytes.count).map(view.fileOffset) == offsets + [file.count], "\(file)")
                }
                if encoding == .cp932 {
                    // The display decoder reads characters by the same rule.
                    #expect(TextEncoding.cp932.decode(file) == String(decoding: view.bytes, as: UTF8.self), "\(file)")
                }
                agreed += 1
            default:
                Issue.record("one failed, the other did not: \(file) \(expected) \(actual)")
            }
        }
        #expect(agreed > 500)
    }

    @Test func cp932TrailBytesNeverBecomeSyntax() throws {
        let view = try UTF8View(file: [0x95, 0x5C, 0x3D, 0x83, 0x5B, 0x0A], encoding: .cp932)
        #expect(String(decoding: view.bytes, as: UTF8.self) == TextEncoding.cp932.decode([0x95, 0x5C, 0x3D, 0x83, 0x5B, 0x0A]))
        #expect(!view.bytes.contains(0x5C) && !view.bytes.contains(0x5B))
        #expect(view.fileOffset(0) == 0 && view.fileOffset(view.bytes.count) == 6)
    }
}
