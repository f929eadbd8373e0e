import Foundation
import MailTLSCore
import Testing

/// The core's own CP932 table against Foundation's Shift_JIS converter (what the core used
/// before, and Microsoft's code page 932 on every platform Foundation runs on): every byte on
/// its own and every lead/trail pair decodes alike, and every character writes back as the
/// bytes Foundation writes.
@Suite struct CP932TableTests {
    static let leads = Array(0x81...0x9F) + Array(0xE0...0xFC)
    static let trails = Array(0x40...0x7E) + Array(0x80...0xFC)

    /// What Foundation makes of `bytes` as one character, U+FFFD when it has none.
    static func foundation(_ bytes: [UInt8]) -> String {
        String(bytes: bytes, encoding: .shiftJIS) ?? "\u{FFFD}"
    }

    @Test func singleBytesDecodeLikeFoundation() {
        for byte in UInt8(0x80)...0xFF {
            #expect(TextEncoding.cp932.decode([byte]) == Self.foundation([byte]), "byte \(String(byte, radix: 16))")
        }
    }

    @Test(arguments: leads)
    func pairsDecodeLikeFoundation(_ lead: Int) {
        for trail in Self.trails {
            let bytes = [UInt8(lead), UInt8(trail)]
            #expect(TextEncoding.cp932.decode(bytes) == Self.foundation(bytes), "bytes \(String(lead, radix: 16)) \(String(trail, radix: 16))")
        }
    }

    /// Every character the table holds (those the code page has twice included) encodes to
    /// Foundation's choice of bytes, and those bytes decode back to it.
    @Test(arguments: leads)
    func charactersEncodeLikeFoundation(_ lead: Int) throws {
        for trail in Self.trails {
            let text = TextEncoding.cp932.decode([UInt8(lead), UInt8(trail)])
            guard text != "\u{FFFD}" else { continue }
            let expected = try #require(text.data(using: .shiftJIS))
            let bytes = TextEncoding.cp932.encode(text)
            #expect(bytes == Array(expected), "U+\(String(text.unicodeScalars.first!.value, radix: 16))")
            #expect(TextEncoding.cp932.decode(bytes) == text)
        }
    }

    @Test func halfWidthKatakanaAndMixedText() {
        let text = "ｱｲｳ=表示;a\\b"
        #expect(TextEncoding.cp932.encode(text) == Array(text.data(using: .shiftJIS)!))
        #expect(TextEncoding.cp932.decode(TextEncoding.cp932.encode(text)) == text)
    }

    /// A character CP932 lacks is written as UTF-8 (and so fails a round trip, which callers
    /// that write decoded text back check for).
    @Test func charactersOutsideTheCodePageFallBackToUTF8() {
        #expect(TextEncoding.cp932.encode("é") == [0xC3, 0xA9])
        #expect(TextEncoding.cp932.decode(TextEncoding.cp932.encode("é")) != "é")
    }
}
