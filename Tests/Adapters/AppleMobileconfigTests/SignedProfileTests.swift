import AppleMobileconfig
import Foundation
import MailTLSCore
import MailTLSTestSupport
import Testing

/// Signed profiles: refused by default, unwrapped and written unsigned with
/// `--strip-signature`, the signer shown, and malformed envelopes rejected without a crash.
@Suite struct SignedProfileTests {
    static let folder = "mobileconfig"
    static let refusing = MobileconfigAdapter()
    static let stripping = MobileconfigAdapter(stripSignatures: true)
    static let refusal = "signed profile: converting removes the signature; use --strip-signature to write an unsigned profile, or re-sign it"
    static let signer = "C=DE, O=Example Hosting GmbH, CN=Example Hosting Profile Signing"

    static func error(_ file: InputFile, _ adapter: MobileconfigAdapter) -> InputError? {
        do {
            _ = try Convert.run(file, with: adapter)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: ["bad-signed-hoster.mobileconfig", "bad-signed-streamed.mobileconfig"])
    func signedProfileIsRefusedByDefault(_ name: String) throws {
        let file = try Fixtures.input(Self.folder, name)
        #expect(Self.refusing.detect(file) == .signature)
        #expect(Self.error(file, Self.refusing) == InputError(.unsupportedFormat, Self.refusal))
    }

    @Test(arguments: ["bad-signed-hoster.mobileconfig", "bad-signed-streamed.mobileconfig"])
    func stripSignatureWritesTheConvertedProfileUnsigned(_ name: String) throws {
        let outcome = try Convert.run(try Fixtures.input(Self.folder, name), with: Self.stripping)
        let expected = try Fixtures.bytes(Self.folder, "hoster-imap-587.expected.mobileconfig")
        #expect(try #require(outcome.output) == expected)
        #expect(outcome.warnings.contains { $0.hasPrefix("signed profile: the signature was removed (--strip-signature)") })
        #expect(outcome.conversions.count == 1)
    }

    @Test func signedProfileWithNothingToConvertStaysSignedAndShowsItsSigner() throws {
        let file = try Fixtures.input(Self.folder, "signed-already-465.mobileconfig")
        for adapter in [Self.refusing, Self.stripping] {
            let outcome = try Convert.run(file, with: adapter)
            #expect(outcome.output == nil)
            #expect(outcome.warnings.isEmpty)
            #expect(outcome.decisions.map(\.verdict) == [.alreadyImplicitTLS])
            #expect(outcome.decisions[0].entry.details.contains(.init("signer", Self.signer)))
        }
    }

    @Test func contentInSeveralPiecesIsRefusedWithHowToUnwrapIt() throws {
        let file = try Fixtures.input(Self.folder, "bad-signed-chunked.mobileconfig")
        for adapter in [Self.refusing, Self.stripping] {
            let error = try #require(Self.error(file, adapter))
            #expect(error.kind == .unsupportedFormat)
            #expect(error.message.hasPrefix("signed profile: the profile is stored in pieces"))
            #expect(error.message.contains("openssl cms -verify -noverify"))
        }
    }

    @Test func truncatedEnvelopeIsAClearError() throws {
        let error = try #require(Self.error(try Fixtures.input(Self.folder, "bad-truncated-der.mobileconfig"), Self.stripping))
        #expect(error == InputError(.syntax, "signed profile: malformed DER envelope (truncatedASN1Field)"))
    }

    /// Damaged envelopes (every byte of the header region flipped, random byte changes
    /// anywhere) give an error or a clean result, never a crash or an output the core's
    /// verification refuses.
    @Test func damagedEnvelopesNeverCrash() throws {
        let original = try Fixtures.bytes(Self.folder, "bad-signed-hoster.mobileconfig")
        var random = SeededGenerator(seed: 17)
        var inputs: [[UInt8]] = []
        for index in 0..<80 {
            for value: UInt8 in [0x00, 0x80, 0xFF, original[index] ^ 0x01] {
                var bytes = original
                bytes[index] = value
                inputs.append(bytes)
            }
        }
        for _ in 0..<400 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            inputs.append(bytes)
        }
        for bytes in inputs {
            let file = InputFile(name: "fuzz.mobileconfig", bytes: bytes)
            _ = Self.stripping.detect(file)
            if let error = Self.error(file, Self.stripping) {
                #expect(!error.message.hasPrefix("internal error"), "\(error.message)")
                #expect(!error.message.isEmpty)
            }
        }
    }

    @Test func nonSignedDataEnvelopeIsNamed() throws {
        // ContentInfo with type id-data (1.2.840.113549.1.7.1) instead of signedData.
        let bytes: [UInt8] = [0x30, 0x0F, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01, 0xA0, 0x02, 0x04, 0x00]
        var signedLooking = bytes
        signedLooking[12] = 0x02
        #expect(Self.error(InputFile(name: "x.mobileconfig", bytes: signedLooking), Self.stripping)?.kind == .syntax)
        #expect(Self.refusing.detect(InputFile(name: "x", bytes: bytes)) == .no)
    }
}

/// Profiles signed at test time by the openssl binary with a fresh key, both with
/// `openssl cms -sign` and `openssl smime -sign`: what mailtls unwraps must be exactly what
/// `openssl cms -verify` extracts, and converting it must give the unsigned profile's golden.
@Suite struct OpenSSLSignedProfileTests {
    static let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl", "/opt/homebrew/bin/openssl"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static func run(_ arguments: [String], in folder: URL) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(openssl))
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test(.enabled(if: openssl != nil, "openssl not installed: signed profiles made at test time are skipped (the committed ones still run)"))
    func unwrappingMatchesOpenSSLAndConvertsLikeTheUnsignedProfile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailtls-sign-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try Self.run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "2",
                              "-subj", "/C=CH/O=mailtls tests/CN=Signer \(UUID().uuidString.prefix(8))"], in: folder) == 0)
        let inputs = Fixtures.inputs("mobileconfig").filter { !$0.hasPrefix("bad-") && !$0.hasPrefix("signed-") }
        #expect(inputs.count >= 4)
        for name in inputs {
            let plain = Fixtures.url("mobileconfig", name).path
            let signings = [
                ("cms", ["cms", "-sign", "-in", plain, "-signer", "cert.pem", "-inkey", "key.pem", "-outform", "DER", "-nodetach", "-binary", "-out", "cms.der"]),
                ("smime", ["smime", "-sign", "-in", plain, "-signer", "cert.pem", "-inkey", "key.pem", "-outform", "der", "-nodetach", "-binary", "-out", "smime.der"]),
            ]
            for (tool, arguments) in signings {
                #expect(try Self.run(arguments, in: folder) == 0)
                #expect(try Self.run(["cms", "-verify", "-noverify", "-inform", "DER", "-in", "\(tool).der", "-out", "\(tool).out"], in: folder) == 0)
                let signed = InputFile(name: name, bytes: [UInt8](try Data(contentsOf: folder.appendingPathComponent("\(tool).der"))))
                let extracted = [UInt8](try Data(contentsOf: folder.appendingPathComponent("\(tool).out")))
                #expect(extracted == (try Fixtures.bytes("mobileconfig", name)), "\(tool): openssl did not round-trip \(name)")
                let unsigned = InputFile(name: name, bytes: extracted)
                let adapter = MobileconfigAdapter(stripSignatures: true)
                let expected = try Convert.bytes(unsigned, with: adapter)
                let outcome = try Convert.run(signed, with: adapter)
                // Something to convert: the unsigned profile's output. Nothing: no output at all,
                // so the signed file stays as it is.
                #expect(outcome.output == (expected == extracted ? nil : expected), "\(tool): \(name)")
                #expect(outcome.decisions.count == (try Convert.run(unsigned, with: adapter)).decisions.count)
                let signer = outcome.decisions.first?.entry.details.first { $0.name == "signer" }?.value ?? ""
                #expect(signer.hasPrefix("C=CH, O=mailtls tests, CN=Signer "), "\(tool): \(name): signer '\(signer)'")
            }
        }
    }
}
