import Foundation
import MailTLS
import MailTLSTestSupport
import Testing

/// Replays every input the fuzzer once broke (`Tests/Fixtures/fuzz-regressions/`) through every
/// registered adapter with the fuzz harness's rules (Fuzz/Sources/mailtls-fuzz), so a fixed
/// finding stays fixed and a new adapter is held to the same rules on the same inputs.
@Suite struct FuzzRegressionTests {
    static let folder = "fuzz-regressions"
    static let files: [String] = Fixtures.inputs(folder)
    static let adapters: [any Adapter] = (try? BuiltInAdapters.registry().adapters) ?? []
    static let policies = [ConversionPolicy(), ConversionPolicy(protocols: [.smtp, .imap, .pop3])]

    @Test func everyRegressionNamesAnAdapter() {
        #expect(!Self.files.isEmpty, "Tests/Fixtures/fuzz-regressions/ has no inputs")
        for name in Self.files {
            #expect(Self.adapterName(of: name) != nil, "\(name): expected bad-<adapter>__<what>.<ext>")
        }
    }

    @Test(arguments: files)
    func holdsTheHarnessRules(_ name: String) throws {
        let file = try Fixtures.input(Self.folder, name)
        for adapter in Self.adapters {
            for policy in Self.policies {
                #expect(Self.violations(adapter, file, policy) == [], "\(adapter.name) on \(name)")
            }
        }
    }

    /// The adapter each file was found with now converts it or rejects it with a clear error,
    /// never with the core's "internal error".
    @Test(arguments: files)
    func foundWithAdapterAnswersClearly(_ name: String) throws {
        let file = try Fixtures.input(Self.folder, name)
        // A finding in an adapter that this build does not include has nothing to replay.
        guard let adapterName = Self.adapterName(of: name), let adapter = Self.adapters.first(where: { $0.name == adapterName }) else { return }
        do {
            let outcome = try Convert.run(file, with: adapter)
            #expect(outcome.output != nil || outcome.conversions.isEmpty)
        } catch {
            #expect(!error.message.isEmpty)
            #expect(!error.message.hasPrefix("internal error"), "\(error.message)")
        }
    }

    /// Fuzzing found this (`bad-thunderbird-prefs__cp932-control-byte*.js`): Foundation's
    /// Shift_JIS turns the control bytes 0x1A, 0x1C and 0x7F into one another, while CP932 and
    /// `TextFile` keep ASCII as it is. An inserted server key holding U+001C was written as 0x1A
    /// and read back as another server. CP932 text now encodes and decodes ASCII unchanged.
    @Test func cp932KeepsASCIIControlCharactersAsTheyAre() throws {
        #expect(TextEncoding.cp932.encode("\u{FF6C}\u{1C}\u{1A}\u{7F}") == [0xAC, 0x1C, 0x1A, 0x7F])
        #expect(TextEncoding.cp932.decode([0xAC, 0x1C, 0x1A, 0x7F]) == "\u{FF6C}\u{1C}\u{1A}\u{7F}")
        let bytes: [UInt8] = [0x93, 0xFA, 0x1C, 0x96, 0x7B, 0xAC, 0x7F]  // 日 ^\ 本 ｬ DEL
        let file = try TextFile(bytes: bytes, encoding: .cp932)
        #expect(file.string(0..<file.scalars.count) == TextEncoding.cp932.decode(bytes))
        #expect(TextEncoding.cp932.encode(TextEncoding.cp932.decode(bytes)) == bytes)
    }

    /// `bad-<adapter>__<what>.<ext>` -> `<adapter>`.
    static func adapterName(of file: String) -> String? {
        guard file.hasPrefix("bad-"), let separator = file.range(of: "__") else { return nil }
        let name = String(file[file.index(file.startIndex, offsetBy: 4)..<separator.lowerBound])
        return name.isEmpty ? nil : name
    }

    /// The harness's rules for one input: an `InputError` is a fine answer unless it is the
    /// core's own verification failing; an output must convert to nothing and keep every secret.
    static func violations(_ adapter: any Adapter, _ file: InputFile, _ policy: ConversionPolicy) -> [String] {
        let outcome: FileConverter.Outcome
        do {
            outcome = try Convert.run(file, with: adapter, policy: policy)
        } catch {
            return error.message.hasPrefix("internal error") ? ["core verification rejected the output: \(error.message)"] : []
        }
        var problems: [String] = []
        for range in outcome.secretRanges where range.lowerBound < 0 || range.upperBound > file.bytes.count {
            problems.append("secret range \(range) outside the file")
        }
        guard let output = outcome.output else { return problems }
        for range in outcome.secretRanges where !range.isEmpty && !output.contains(file.bytes[range]) {
            problems.append("secret bytes at \(range) not preserved")
        }
        do {
            let again = try Convert.run(InputFile(name: file.name, bytes: output), with: adapter, policy: policy)
            if again.output != nil || !again.conversions.isEmpty { problems.append("second conversion changes the output again") }
        } catch {
            problems.append("converted output does not convert again: \(error.message)")
        }
        return problems
    }
}
