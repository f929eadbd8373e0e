import MailTLSCore
import MailTLSTestSupport
@testable import OutlookExpressIAF
import Testing

/// Bad input: a precise InputError (kind and place), nothing converted, never a crash.
@Suite struct MalformedTests {
    let adapter = OutlookExpressIAFAdapter()
    typealias B = IAFTestBytes

    func scanError(_ bytes: [UInt8]) -> InputError? {
        do {
            _ = try adapter.scan(InputFile(name: "bad.iaf", bytes: bytes))
            return nil
        } catch {
            return error
        }
    }

    func expectRejected(_ bytes: [UInt8], _ kind: InputError.Kind, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let error = scanError(bytes)
        #expect(error == InputError(kind, message), sourceLocation: sourceLocation)
        let file = InputFile(name: "bad.iaf", bytes: bytes)
        #expect(AdapterConformance.malformedViolations(of: adapter, on: file).isEmpty, sourceLocation: sourceLocation)
    }

    @Test func sharedTruncatedFixture() throws {
        let bytes = try Fixtures.bytes("malformed", "truncated.iaf")
        expectRejected(bytes, .truncated, "record header cut short at offset 0x27: 5 of 8 bytes")
    }

    @Test func sharedLengthPastEndFixture() throws {
        let bytes = try Fixtures.bytes("malformed", "length-past-eof.iaf")
        expectRejected(bytes, .truncated, "record 0x142803F0 (SMTPServer) at offset 0x33: length 512 runs past the end of the file (17 bytes left)")
    }

    @Test func emptyFile() {
        expectRejected([], .empty, "empty file (0 bytes)")
    }

    @Test func headerCutShort() {
        expectRejected(Array(B.header.prefix(7)), .truncated, "header cut short: 7 of 12 bytes")
    }

    @Test func notAnIAF() {
        expectRejected([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48], .unsupportedFormat,
                       "not an Outlook Express .iaf file (no fMAI header)")
        expectRejected(Array("fM".utf8) + [0xFF], .unsupportedFormat, "not an Outlook Express .iaf file (no fMAI header)")
    }

    @Test func unknownHeaderVersion() {
        var bytes = B.header + B.dword(ID.smtpSSL, 1)
        bytes[6] = 0x04
        expectRejected(bytes, .unsupportedFormat,
                       "unknown .iaf header version (bytes 4-11: 00 00 04 00 01 00 00 00); only Outlook Express 5/6 exports (00 00 05 00 01 00 00 00) are supported")
    }

    @Test func dwordAndBoolMustBeFourBytes() {
        expectRejected(B.file([B.string(ID.smtpServer, "s"), B.record(ID.smtpPort, [0xD1, 0x01])]), .invalidValue,
                       "record 0x142D03E9 (SMTPPort) at offset 0x16: DWORD record of length 2, expected 4")
        expectRejected(B.file([B.record(ID.smtpSSL, [1, 0, 0, 0, 0])]), .invalidValue,
                       "record 0x142E03F5 (SMTPSecureConnection) at offset 0xc: BOOL record of length 5, expected 4")
        // Unknown fields of those types too: their type code fixes the size.
        expectRejected(B.file([B.record(0x7777_03E9, [])]), .invalidValue,
                       "record 0x777703E9 at offset 0xc: DWORD record of length 0, expected 4")
    }

    @Test func stringWithoutNUL() {
        expectRejected(B.file([B.record(ID.accountName, Array("Work".utf8))]), .invalidValue,
                       "record 0x123503F0 (AccountName) at offset 0xc: string without its NUL terminator")
        expectRejected(B.file([B.record(ID.smtpServer, [])]), .invalidValue,
                       "record 0x142803F0 (SMTPServer) at offset 0xc: string without its NUL terminator")
    }

    @Test func absurdLength() {
        let big = B.file([B.record(0x1436_03F1, Array(repeating: 0x41, count: 70_000))])
        expectRejected(big, .invalidValue, "record 0x143603F1 at offset 0xc: absurd length 70000 (limit 65536)")
        // A huge length in a small file is cut short, not allocated.
        expectRejected(B.header + B.le32(ID.smtpServer) + B.le32(0xFFFF_FFFF) + [0x41], .truncated,
                       "record 0x142803F0 (SMTPServer) at offset 0xc: length 4294967295 runs past the end of the file (1 bytes left)")
        // 64 KiB exactly is still accepted.
        #expect(scanError(B.file([B.record(0x1436_03F1, Array(repeating: 0x41, count: 65_536))])) == nil)
    }

    /// Every prefix of a real export either ends on a record boundary (and parses) or is
    /// reported as cut short.
    @Test func everyPrefixOfAnExportIsHandled() throws {
        let bytes = try Fixtures.bytes("outlook-express-iaf", "oe6-pop3-587.iaf")
        let boundaries = Set(try IAFParser.records(of: bytes).map(\.offset) + [bytes.count])
        for length in 0..<bytes.count {
            let error = scanError(Array(bytes.prefix(length)))
            if length == 0 {
                #expect(error?.kind == .empty)
            } else if boundaries.contains(length) {
                #expect(error == nil, "prefix \(length)")
            } else if length > 12 {
                #expect(error?.kind == .truncated, "prefix \(length)")
            } else {
                #expect(error?.kind == .truncated, "prefix \(length)")
            }
        }
    }

    /// Random byte flips and splices of real exports never crash the scanner or the
    /// converter: the result is either entries or an InputError.
    @Test func mutatedExportsNeverCrash() throws {
        var generator = SeededGenerator(seed: 0x1AF)
        let seeds = try ["oe6-pop3-587.iaf", "oe6-jp-noport.iaf", "oe6-plain-25.iaf"].map { try Fixtures.bytes("outlook-express-iaf", $0) }
        var rejected = 0, accepted = 0
        for round in 0..<1500 {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let position = Int.random(in: 12..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[position] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...8, using: &generator)))
                default: bytes.insert(contentsOf: [0xFF, 0xFF, 0xFF, 0x7F], at: position)
                }
                if bytes.count <= 12 { break }
            }
            let file = InputFile(name: "m.iaf", bytes: bytes)
            do {
                let outcome = try Convert.run(file, with: adapter, policy: ConversionPolicy(protocols: [.smtp, .imap, .pop3]))
                accepted += 1
                if let output = outcome.output {
                    #expect(try Convert.run(InputFile(name: "m.iaf", bytes: output), with: adapter).output == nil)
                }
            } catch {
                rejected += 1
                #expect(!error.message.isEmpty)
            }
        }
        #expect(rejected > 0)
        #expect(accepted > 0)
    }
}
