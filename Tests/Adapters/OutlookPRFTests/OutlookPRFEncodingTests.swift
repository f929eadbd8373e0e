import MailTLSCore
import MailTLSTestSupport
import OutlookPRF
import Testing

/// Encodings and line endings survive conversion byte for byte.
@Suite struct OutlookPRFEncodingTests {
    let adapter = OutlookPRFAdapter()
    let before = PRFSamples.pop3Account(["SMTPSecureConnection=2", "SMTPPort=587"])
    let after = PRFSamples.pop3Account(["SMTPSecureConnection=1", "SMTPPort=465"])

    @Test(arguments: [TextEncoding.utf8(bom: false), .utf8(bom: true), .utf16LE, .utf16BE, .cp932])
    func convertsInTheFilesOwnEncoding(_ encoding: TextEncoding) throws {
        let input = InputFile(name: "a.prf", bytes: PRFSamples.bytes(before, encoding))
        #expect(try Convert.bytes(input, with: adapter) == PRFSamples.bytes(after, encoding))
    }

    @Test func lfAndCrEndingsAreKept() throws {
        for ending in ["\n", "\r"] {
            let input = InputFile(name: "a.prf", bytes: Array(before.replacingOccurrences(of: "\r\n", with: ending).utf8))
            let expected = Array(after.replacingOccurrences(of: "\r\n", with: ending).utf8)
            #expect(try Convert.bytes(input, with: adapter) == expected)
        }
    }

    /// CP932 characters whose second byte is `\`, `[` or `]` must not be read as syntax: the
    /// account name is decoded whole and every byte of it is kept.
    @Test func cp932TrailBytesThatLookLikeSyntax() throws {
        let name = "表示ソ能ーゼ‐ゾ"  // trail bytes 0x5C, 0x5C, 0x5C, 0x5C, 0x5B, 0x5B, 0x5D, 0x5D
        let text = PRFSamples.pop3Account(["SMTPUseSSL=1", "SMTPPort=25"], name: name)
            .replacingOccurrences(of: "; generated for a test", with: "; 営業部\\表")
        let bytes = PRFSamples.bytes(text, .cp932)
        #expect(bytes.contains(0x5C))
        let entry = try #require(try Convert.entries(bytes, with: adapter).first)
        #expect(entry.account == name)
        let output = try Convert.bytes(InputFile(name: "jp.prf", bytes: bytes), with: adapter)
        let expected = PRFSamples.bytes(text.replacingOccurrences(of: "SMTPPort=25", with: "SMTPPort=465"), .cp932)
        #expect(output == expected)
    }

    @Test func cp932SectionNameWithBracketTrailByte() throws {
        // `ゾ` is 0x83 0x5D: its trail byte is `]`. The section must still be found whole.
        let text = "[Internet Account List]\r\nAccount1=I_Mail\r\n[ゾ]\r\nSMTPServer=smtp.example.jp\r\nSMTPUseSSL=1\r\nSMTPPort=587\r\n"
        let entries = try Convert.entries(PRFSamples.bytes(text, .cp932), with: adapter)
        #expect(entries.map(\.account) == ["ゾ"])
        #expect(entries.first?.port == 587)
    }

    @Test func invalidUTF16IsRejected() throws {
        var bytes = PRFSamples.bytes(before, .utf16LE)
        bytes.append(0x41)  // odd length
        #expect(throws: InputError.self) { try adapter.scan(InputFile(name: "a.prf", bytes: bytes)) }
        var surrogate = PRFSamples.bytes(before, .utf16LE)
        surrogate.insert(contentsOf: [0x00, 0xD8], at: 10)  // lone high surrogate
        let error = try #require(throws: InputError.self) { try adapter.scan(InputFile(name: "a.prf", bytes: surrogate)) }
        #expect(error.kind == .encoding)
    }

    @Test func emptyAndBinaryInputsAreRejected() throws {
        let empty = try #require(throws: InputError.self) { try adapter.scan(InputFile(name: "a.prf", bytes: [])) }
        #expect(empty.kind == .empty)
        let junk = try #require(throws: InputError.self) { try adapter.scan(InputFile(name: "a.prf", bytes: [0x89, 0x50, 0x00, 0x01, 0xFF])) }
        #expect(junk.kind == .unsupportedFormat)
        let text = try #require(throws: InputError.self) { try adapter.scan(InputFile(name: "a.prf", bytes: Array("hello world\n".utf8))) }
        #expect(text.kind == .unsupportedFormat)
    }
}
