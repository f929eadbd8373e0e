import Foundation
import MailTLS
import MailTLSTestSupport
import Testing

/// Passwords never reach the terminal (issue 9): for every registered adapter, every secret its
/// scan reports in its fixtures, and known passwords planted in each format that stores them,
/// appear in no standard output or error of `inspect`, `inspect --json`, `check --diff`,
/// `check --json`, `convert --diff/--json`, nor in error messages about damaged copies.
/// (With `-o -` standard output is the converted file, which keeps the password by design;
/// there only standard error is checked.)
@Suite struct SecretsTests {
    static let registry = try? BuiltInAdapters.registry()
    static let adapterNames: [String] = registry?.adapters.map(\.name) ?? []

    /// Formats whose shared fixtures carry a password: once their adapter is registered, at
    /// least one of its fixtures must report a secret. (The three adapters below with planted
    /// samples are covered by those.)
    static let formatsWithPasswordFixtures: Set<String> = ["msmtp", "git", "windows-mail"]

    // MARK: every fixture of every adapter

    @Test(arguments: adapterNames)
    func fixtureSecretsNeverAppearInOutput(_ adapterName: String) throws {
        let adapter = try #require(Self.registry?.adapter(named: adapterName))
        var secretBearing = 0
        for input in Fixtures.inputs(adapterName) {
            let file = try Fixtures.input(adapterName, input)
            guard let sample = SecretSample(file: file, adapter: adapter) else { continue }
            secretBearing += 1
            try sample.expectNoLeaks()
        }
        if Self.formatsWithPasswordFixtures.contains(adapterName) {
            #expect(secretBearing > 0, "\(adapterName): no fixture reports a secret, but its fixtures hold passwords")
        }
    }

    // MARK: planted passwords

    static let iafSMTPPassword = "Pl4nted-IAF-smtp-9Zq"
    static let iafPOP3Password = "Pl4nted-IAF-pop3-7Wx"
    static let prefsPassword = "Pl4nted-prefs-3Kp!"
    static let prfPassword = "Pl4nted-PRF-pst-5Rt"

    @Test(.enabled(if: adapterNames.contains("outlook-express-iaf")))
    func plantedIAFPasswords() throws {
        let bytes = PlantedIAF.file(records: [
            PlantedIAF.string(0x1235_03F0, "Planted account"),
            PlantedIAF.string(0x13C4_03F0, "pop.example.com"),
            PlantedIAF.string(0x13C5_03F0, "someone"),
            PlantedIAF.password(0x13C6_03F6, Self.iafPOP3Password),
            PlantedIAF.string(0x1428_03F0, "smtp.example.com"),
            PlantedIAF.string(0x1429_03F0, "someone"),
            PlantedIAF.password(0x142A_03F6, Self.iafSMTPPassword),
            PlantedIAF.dword(0x142C_03E9, 3),
            PlantedIAF.dword(0x142D_03E9, 587),
            PlantedIAF.bool(0x142E_03F5, true),
        ])
        try planted(bytes, name: "planted.iaf", adapter: "outlook-express-iaf", passwords: [Self.iafSMTPPassword, Self.iafPOP3Password])
    }

    @Test(.enabled(if: adapterNames.contains("thunderbird-prefs")))
    func plantedPrefsPassword() throws {
        let text = """
            // Mozilla User Preferences
            user_pref("mail.smtpserver.smtp1.hostname", "smtp.example.com");
            user_pref("mail.smtpserver.smtp1.password", "\(Self.prefsPassword)");
            user_pref("mail.smtpserver.smtp1.port", 587);
            user_pref("mail.smtpserver.smtp1.try_ssl", 2);
            user_pref("mail.smtpserver.smtp1.username", "someone");
            user_pref("mail.smtpservers", "smtp1");

            """
        try planted(Array(text.utf8), name: "prefs.js", adapter: "thunderbird-prefs", passwords: [Self.prefsPassword])
    }

    @Test(.enabled(if: adapterNames.contains("outlook-prf")))
    func plantedPRFPassword() throws {
        let text = [
            "[General]", "Custom=1", "ProfileName=Planted", "",
            "[Service List]", "Service1=Unicode Personal Folders", "",
            "[Service1]", "PathAndFilename=%USERPROFILE%\\mail.pst", "Password=\(Self.prfPassword)", "",
            "[Internet Account List]", "Account1=I_Mail", "",
            "[Account1]", "AccountName=Planted", "POP3Server=pop.example.com", "SMTPServer=smtp.example.com",
            "SMTPSecureConnection=2", "SMTPPort=587", "",
            "[I_Mail]", "AccountType=POP3", "SMTPServer=PT_UNICODE,0x0200", "SMTPPort=PT_LONG,0x0201",
            "SMTPSecureConnection=PT_LONG,0x020A", "",
        ].joined(separator: "\r\n")
        try planted(Array(text.utf8), name: "planted.prf", adapter: "outlook-prf", passwords: [Self.prfPassword])
    }

    /// Checks one planted sample: the adapter reports each password as a secret, the commands
    /// never show it, the converted file keeps it, and damaged copies cut inside or just after
    /// it fail without quoting the part of it that is left.
    func planted(_ bytes: [UInt8], name: String, adapter adapterName: String, passwords: [String]) throws {
        let adapter = try #require(Self.registry?.adapter(named: adapterName))
        let file = InputFile(name: name, bytes: bytes)
        let sample = try #require(SecretSample(file: file, adapter: adapter), "\(name): no secret reported")
        for password in passwords {
            #expect(sample.plaintexts.contains { $0.contains(password) }, "\(name): \(password) not reported as a secret (found \(sample.plaintexts.count))")
        }
        let outcome = try Convert.run(file, with: adapter)
        let output = try #require(outcome.output, "\(name): the planted sample should convert")
        for secret in sample.secretBytes { #expect(output.contains(secret), "\(name): secret bytes lost in the output") }
        try sample.expectNoLeaks(plaintexts: passwords)

        // Damaged copies: cut inside each secret and right after it.
        for range in sample.ranges {
            for cut in Set([range.lowerBound + (range.count + 1) / 2, range.upperBound, range.upperBound + 1]) where cut < bytes.count {
                let folder = try TemporaryFolder()
                let path = try folder.write(name, Array(bytes[..<cut]))
                let kept = passwords.map { String($0.prefix(max(0, cut - range.lowerBound))) }.filter { $0.count >= 4 }
                for arguments in [["convert", "--json", "--diff", path], ["inspect", path], ["inspect", "--json", path]] {
                    let result = try CommandRunner.run(arguments)
                    for text in kept + passwords {
                        #expect(!result.stdout.contains(text) && !result.stderr.contains(text), "\(name) cut at \(cut): '\(text)' shown by \(arguments)")
                    }
                }
            }
        }
    }
}

/// A file whose scan reports secrets: their byte ranges, their bytes and every readable form
/// of them (decoded text; for Outlook Express PASS records, the de-obfuscated password).
struct SecretSample {
    let file: InputFile
    let ranges: [Range<Int>]
    let secretBytes: [[UInt8]]
    let plaintexts: [String]

    init?(file: InputFile, adapter: any Adapter) {
        guard let outcome = try? Convert.run(file, with: adapter), !outcome.secretRanges.isEmpty else { return nil }
        self.file = file
        ranges = outcome.secretRanges
        secretBytes = ranges.map { Array(file.bytes[$0]) }.filter { $0.count >= 3 }
        var texts: [String] = []
        for bytes in secretBytes {
            if let encoding = outcome.textEncoding {
                texts.append(encoding.decode(bytes))
            } else if let plain = PlantedIAF.reveal(bytes) {
                texts.append(plain)
            }
        }
        plaintexts = texts.filter { $0.count >= 3 }
    }

    /// Runs the reporting commands on a copy and checks that neither the secret bytes nor any
    /// readable form of them appears.
    func expectNoLeaks(plaintexts extra: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let folder = try TemporaryFolder()
        let name = FileIO.baseName(of: file.name)
        let path = try folder.write(name, file.bytes)
        let needles = secretBytes + (plaintexts + extra).map { Array($0.utf8) }
        let everything: [[String]] = [
            ["inspect", path], ["inspect", "--json", path], ["check", path], ["check", "--diff", path], ["check", "--json", path],
            ["convert", "--dry-run", "--diff", path], ["convert", "--json", "--diff", "--output-dir", folder.path("out"), path],
            ["convert", "--diff", "-o", folder.path("named.out"), path],
        ]
        for arguments in everything {
            let result = try CommandRunner.run(arguments)
            let stdout = result.stdoutBytes, stderr = Array(result.stderr.utf8)
            for needle in needles {
                #expect(!stdout.contains(needle) && !stderr.contains(needle), "\(name): secret shown by \(arguments)", sourceLocation: sourceLocation)
            }
        }
        // `-o -`: standard output is the converted file; only standard error must be clean.
        let piped = try CommandRunner.run(["convert", "--diff", "-o", "-", path])
        for needle in needles {
            #expect(!Array(piped.stderr.utf8).contains(needle), "\(name): secret on standard error with -o -", sourceLocation: sourceLocation)
        }
    }
}

/// Builds Outlook Express `.iaf` files with planted passwords, and reads a PASS record back,
/// following the format note (outlook-express-windows-mail.md §1, §1.4).
enum PlantedIAF {
    static let header: [UInt8] = [0x66, 0x4D, 0x41, 0x49, 0x00, 0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00]
    static let key: [UInt8] = [0x75, 0x18, 0x15, 0x14]

    static func file(records: [(UInt32, [UInt8])]) -> [UInt8] {
        header + records.flatMap { id, data in le32(id) + le32(UInt32(data.count)) + data }
    }

    static func string(_ id: UInt32, _ text: String) -> (UInt32, [UInt8]) { (id, Array(text.utf8) + [0]) }
    static func dword(_ id: UInt32, _ value: UInt32) -> (UInt32, [UInt8]) { (id, le32(value)) }
    static func bool(_ id: UInt32, _ value: Bool) -> (UInt32, [UInt8]) { (id, le32(value ? 1 : 0)) }

    /// `01 01`, u32 length (with the NUL), then the NUL-terminated password XORed with a
    /// rolling key: the fixed key first, then each full block's plaintext; a short last block
    /// uses the last bytes of the key.
    static func password(_ id: UInt32, _ plain: String) -> (UInt32, [UInt8]) {
        let data = Array(plain.utf8) + [0]
        var current = key
        var out: [UInt8] = []
        for start in stride(from: 0, to: data.count, by: 4) {
            let block = Array(data[start..<min(start + 4, data.count)])
            let use = block.count == 4 ? current : Array(current.suffix(block.count))
            out += zip(block, use).map { $0 ^ $1 }
            if block.count == 4 { current = block }
        }
        return (id, [0x01, 0x01] + le32(UInt32(data.count)) + out)
    }

    /// The password in a PASS record's data, or nil when it is not of that shape.
    static func reveal(_ data: [UInt8]) -> String? {
        guard data.count >= 6, data[0] == 1, data[1] == 1 else { return nil }
        let length = Int(data[2]) | Int(data[3]) << 8 | Int(data[4]) << 16 | Int(data[5]) << 24
        guard length == data.count - 6 else { return nil }
        var current = key
        var plain: [UInt8] = []
        let cipher = Array(data[6...])
        for start in stride(from: 0, to: cipher.count, by: 4) {
            let block = Array(cipher[start..<min(start + 4, cipher.count)])
            let use = block.count == 4 ? current : Array(current.suffix(block.count))
            let decoded = zip(block, use).map { $0 ^ $1 }
            plain += decoded
            if block.count == 4 { current = decoded }
        }
        return String(decoding: plain.prefix { $0 != 0 }, as: UTF8.self)
    }

    static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
}
