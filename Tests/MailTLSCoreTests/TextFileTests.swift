import MailTLSCore
import Testing

/// Decoding to scalars with byte offsets, in every supported encoding.
@Suite struct TextFileTests {
    @Test func detectsEncodings() {
        #expect(TextEncoding.detect(Array("abc".utf8)) == .utf8(bom: false))
        #expect(TextEncoding.detect([0xEF, 0xBB, 0xBF, 0x41]) == .utf8(bom: true))
        #expect(TextEncoding.detect([0xFF, 0xFE, 0x41, 0x00]) == .utf16LE)
        #expect(TextEncoding.detect([0xFE, 0xFF, 0x00, 0x41]) == .utf16BE)
        #expect(TextEncoding.detect([0x95, 0x5C, 0x0A]) == .cp932)
    }

    @Test func utf16OffsetsPointAtTheBytes() throws {
        let bytes: [UInt8] = [0xFF, 0xFE] + TextEncoding.utf16LE.encode("a=😀\r\nb=2")
        let file = try TextFile(bytes: bytes)
        #expect(file.lines.count == 2)
        #expect(file.lines[0].text == "a=😀")
        #expect(file.lines[0].ending == .crlf)
        let value = file.lines[1].range.upperBound - 1
        #expect(file.byteRange(value..<value + 1) == (bytes.count - 2)..<bytes.count)
        // The emoji is one scalar spanning a surrogate pair (4 bytes).
        #expect(file.byteRange(2..<3).count == 4)
    }

    @Test func cp932DoubleByteCharactersAreOneScalar() throws {
        let bytes = TextEncoding.cp932.encode("表=ソ\n")
        #expect(bytes == [0x95, 0x5C, 0x3D, 0x83, 0x5C, 0x0A])
        let file = try TextFile(bytes: bytes)
        #expect(file.encoding == .cp932)
        #expect(Array(file.scalars) == ["表", "=", "ソ", "\n"])
        #expect(file.offsets == [0, 2, 3, 5, 6])
        #expect(file.lines[0].firstIndex(of: "\\") == nil, "trail byte 0x5C is not a backslash")
    }

    /// A lead byte before a line break is a stray byte, not half of a character: the line
    /// break stays a line break (fuzz finding: an inserted line vanished into the character).
    @Test func strayLeadByteDoesNotSwallowALineBreak() throws {
        let file = try TextFile(bytes: [0x61, 0xEC, 0x0A, 0x62, 0x95, 0x5C], encoding: .cp932)
        #expect(file.lines.map(\.text) == ["a\u{FFFD}", "b表"])
        #expect(file.lines[0].ending == .lf)
    }

    @Test func halfWidthKatakanaIsOneByte() throws {
        let file = try TextFile(bytes: [0xB1, 0x3D, 0x31], encoding: .cp932)
        #expect(file.scalars.count == 3)
        #expect(file.string(0..<1) == "ｱ")
    }

    @Test func mixedLineEndings() throws {
        let file = try TextFile(bytes: Array("a\nb\r\nc\rd".utf8))
        #expect(file.lines.map(\.text) == ["a", "b", "c", "d"])
        #expect(file.lines.map(\.ending) == [.lf, .crlf, .cr, .none])
        #expect(file.lines[1].fullBytes == 2..<5)
        #expect(file.lines[3].endOfLine == 8)
    }

    @Test func rejectsBadInput() {
        #expect(throws: InputError.self) { try TextFile(bytes: []) }
        #expect(throws: InputError.self) { try TextFile(bytes: [0x41, 0x00, 0x42]) }
        #expect(throws: InputError.self) { try TextFile(bytes: [0xFF, 0xFE, 0x41]) }
        #expect(throws: InputError.self) { try TextFile(bytes: [0xFF, 0xFE, 0x00, 0xDC]) }
        #expect(throws: InputError.self) { try TextFile(bytes: [0xEF, 0xBB, 0xBF, 0xC3]) }
    }

    @Test func encodeRoundTrips() {
        for encoding in [TextEncoding.utf8(bom: false), .utf16LE, .utf16BE, .cp932] {
            #expect(encoding.decode(encoding.encode("SMTPPort=465 表示")) == "SMTPPort=465 表示")
        }
    }

    @Test func indentationAndTrim() throws {
        let file = try TextFile(bytes: Array("\t  key = v  \n".utf8))
        let line = file.lines[0]
        #expect(line.indentation == "\t  ")
        #expect(line.string(line.trimmed(line.range)) == "key = v")
    }

    @Test(arguments: [(465, "0000024b", "000001d1"), (465, "19", "1d1"), (465, "0000024B", "000001D1"), (25, "1d1", "019"), (465, "", "1d1")])
    func hexKeepsWidthAndCase(value: Int, original: String, expected: String) {
        #expect(HexNumber.format(value, like: original) == expected)
    }

    @Test func hexParsing() {
        #expect(HexNumber.parse("000001D1") == 465)
        #expect(HexNumber.parse("zz") == nil)
        #expect(HexNumber.parse("") == nil)
        #expect(HexNumber.parse(String(repeating: "f", count: 40)) == nil)
    }
}
