@testable import MailTLSCore
import MailTLSTestSupport
import Testing

/// The byte-level helpers against the standard library's own answers.
@Suite struct ByteLevelTests {
    /// Every 1- to 4-byte sequence built from boundary bytes, validated both ways.
    @Test func utf8ValidationAgreesWithTheStandardLibrary() {
        let interesting: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
                                    0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        var checked = 0
        for a in interesting {
            for b in interesting {
                for c in interesting {
                    for tail in [[], [UInt8(0x80)], [UInt8(0xBF)], [UInt8(0x41)]] {
                        let bytes = [a, b, c] + tail
                        #expect(UTF8Bytes.isValid(bytes) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
                        checked += 1
                    }
                }
            }
        }
        // Long ASCII runs take the eight-bytes-at-a-time path; a bad byte after them is still seen.
        let long = Array(repeating: UInt8(0x61), count: 37)
        #expect(UTF8Bytes.isValid(long))
        #expect(!UTF8Bytes.isValid(long + [0xC3]))
        #expect(UTF8Bytes.isValid(long + Array("é😀".utf8) + long))
        #expect(checked == 25 * 25 * 25 * 4)
    }

    @Test func decodesScalarsWithTheirLengths() {
        let bytes = Array("aé€😀".utf8)
        #expect(UTF8Bytes.decode(bytes, at: 0).map { [$0.0.value, UInt32($0.1)] } == [0x61, 1])
        #expect(UTF8Bytes.decode(bytes, at: 1).map { [$0.0.value, UInt32($0.1)] } == [0xE9, 2])
        #expect(UTF8Bytes.decode(bytes, at: 3).map { [$0.0.value, UInt32($0.1)] } == [0x20AC, 3])
        #expect(UTF8Bytes.decode(bytes, at: 6).map { [$0.0.value, UInt32($0.1)] } == [0x1F600, 4])
        #expect(UTF8Bytes.decode(bytes, at: 2) == nil)
    }

    @Test func searchesIgnoringASCIICase() {
        let hay = Array("[Internet Account List]\r\nSMTPServer=x".utf8)
        let file = InputFile(name: "a.prf", bytes: hay)
        #expect(file.headContains("[internet account list]"))
        #expect(file.headContains(folded: Array("smtpserver=x".utf8)))
        #expect(!file.headContains("smtpserver=y"))
        #expect(ByteSearch.firstIndex(ofExact: Array("SMTP".utf8), in: hay) == 25)
        #expect(ByteSearch.firstIndex(ofExact: Array("x".utf8), in: hay) == 36)
        #expect(ByteSearch.firstIndex(ofExact: Array("xy".utf8), in: hay) == nil)
        #expect(ByteSearch.firstIndex(ofExact: Array("smtp".utf8), in: hay) == nil)
        #expect(ByteSearch.equalsIgnoringASCIICase("SMTPPort", "smtpport"))
        #expect(!ByteSearch.equalsIgnoringASCIICase("SMTPPort", "smtpport "))
    }

    /// The byte glob gives `HostPattern`'s answers on ASCII names and falls back to it otherwise.
    @Test func fileNameGlobsMatchLikeHostPatterns() {
        let patterns = ["*.prf", "prefs.js", ".msmtprc", "*.accountrc", "a?c*", "*", "*x*y", ""]
        let names = ["Outlook.PRF", "prefs.js", "PREFS.JS", ".msmtprc", "x.msmtprc", "accountrc", "my.accountrc",
                     "abcd", "ac", "zzxqy", "", "préfs.js", "ÄBC"]
        for pattern in patterns {
            for name in names {
                let file = InputFile(name: "/some/dir/" + name, bytes: [])
                #expect(file.nameMatches([pattern]) == HostPattern(pattern).matches(name), "\(pattern) \(name)")
            }
        }
    }

    /// Host globs take a byte path for ASCII names; it must answer as matching lower-cased
    /// `Character`s does, also next to names and patterns that are not plain ASCII.
    @Test func hostPatternsMatchLikeCharacterGlobs() {
        func reference(_ pattern: String, _ host: String) -> Bool {
            let p = Array(pattern.lowercased()), t = Array(host.lowercased())
            func match(_ i: Int, _ j: Int) -> Bool {
                if i == p.count { return j == t.count }
                if p[i] == "*" { return (j...t.count).contains { match(i + 1, $0) } }
                return j < t.count && (p[i] == "?" || p[i] == t[j]) && match(i + 1, j + 1)
            }
            return match(0, 0)
        }
        let patterns = ["*.example.com", "SMTP.*", "smtp?.mail.*", "*", "", "a*b*c", "mail.example.com", "é*", "?\r\n", "*.BÜRO.de"]
        let hosts = ["smtp.example.com", "SMTP.Example.COM", "smtp1.mail.de", "smtp.mail.de", "", "abc", "aXbYc", "ab",
                     "mail.example.com.", "éclair.fr", "x\r\n", "mx.büro.de", "MX.BÜRO.DE", "x\r"]
        for pattern in patterns {
            for host in hosts {
                #expect(HostPattern(pattern).matches(host) == reference(pattern, host), "\(pattern) \(host)")
            }
        }
        // Random ASCII globs and names: the literal head, tail and length checks that rule
        // patterns out early never change an answer.
        var random = SeededGenerator(seed: 465)
        let pieces = ["a", "B", ".", "*", "?", "ab", "mail", ".com", "**"]
        for _ in 0..<3_000 {
            let pattern = (0..<Int.random(in: 0...5, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let host = (0..<Int.random(in: 0...5, using: &random)).map { _ in pieces.filter { $0 != "*" && $0 != "?" && $0 != "**" }.randomElement(using: &random)! }.joined()
            #expect(HostPattern(pattern).matches(host) == reference(pattern, host), "\(pattern) \(host)")
        }
    }

    @Test func headBytesAreASCIICompatibleInEveryEncoding() {
        let utf16 = [0xFF, 0xFE] + TextEncoding.utf16LE.encode("user_pref(\"a\", 1);")
        #expect(InputFile(name: "x", bytes: utf16).headBytes == Array("user_pref(\"a\", 1);".utf8))
        // CP932: the trail byte 0x5C of 0x95 0x5C (a kanji) never reads as a backslash.
        let cp932: [UInt8] = [0x61, 0x95, 0x5C, 0x0A, 0xB1, 0x62]
        let file = InputFile(name: "x", bytes: cp932)
        #expect(file.encoding == .cp932)
        #expect(file.headBytes == [0x61, 0x95, 0x80, 0x0A, 0xB1, 0x62])
        #expect(!file.headContains("\\"))
        #expect(InputFile(name: "x", bytes: [0xEF, 0xBB, 0xBF, 0x41, 0x0D, 0x0A, 0x42]).headLines == ["A", "B"])
    }

    @Test func textFileStringsMatchTheScalarView() throws {
        let text = "key = välue 😀 €\r\nnext"
        let file = try TextFile(bytes: Array(text.utf8))
        #expect(file.string(0..<file.scalars.count) == text)
        #expect(file.lines[0].text == "key = välue 😀 €")
        #expect(TextFile.string([]) == "")
    }
}

/// The UTF-16 head view against the standard library's decoding, surrogates and odd ends included.
@Suite struct UTF16HeadViewTests {
    @Test func transcodesLikeTheStandardLibrary() {
        let units: [UInt16] = [0x41, 0xE9, 0x20AC, 0xD83D, 0xDE00, 0xD800, 0x41, 0xDC00, 0xD800, 0xDBFF, 0xDFFF, 0x0A]
        for cut in 0...units.count {
            let part = Array(units.prefix(cut))
            let expected = Array(String(decoding: part, as: UTF16.self).utf8)
            let le = part.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
            let be = part.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
            #expect(InputFile.utf8View(ofUTF16: le[...], bigEndian: false) == expected)
            #expect(InputFile.utf8View(ofUTF16: be[...], bigEndian: true) == expected)
            #expect(InputFile.utf8View(ofUTF16: (le + [0x41])[...], bigEndian: false) == expected)
            #expect(InputFile(name: "x", bytes: [0xFF, 0xFE] + le).headBytes == expected)
        }
    }
}
