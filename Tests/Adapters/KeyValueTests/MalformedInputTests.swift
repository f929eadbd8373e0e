import MailTLSCore
import MailTLSTestSupport
import Testing

/// Bad inputs end in one precise InputError, never a crash or a conversion.
@Suite struct MalformedInputTests {
    static let cases: [(profile: String, input: [UInt8], kind: InputError.Kind, message: String)] = [
        ("reg", Array("[HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001]\r\n\"SMTP Port\"=dword:00000019\r\n".utf8),
         .unsupportedFormat, "line 1: the header line (Windows Registry Editor Version 5.00 or REGEDIT4) is missing"),
        ("reg", Array("REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\X]\r\n\"SMTP Server\"=\"abc\r\n".utf8),
         .syntax, "line 4: unterminated string"),
        ("reg", Array("REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\X]\r\n\"SMTP Port\"=dword:zz\r\n".utf8),
         .syntax, "line 4: not a section header or a setting"),
        // A CP932 trail byte 0x5C before the closing quote is not an escape: the string ends.
        ("reg", [UInt8]("REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\X]\r\n\"A\"=\"".utf8) + [0x95, 0x5C] + Array("\"\r\n\"B\"=\"".utf8),
         .syntax, "line 5: unterminated string"),
        ("reg", [0xFF, 0xFE] + Array("W\0i\0n\0".utf8) + [0x0A],
         .encoding, "invalid UTF-16: odd number of bytes (9)"),
        ("msmtp", Array("account b : nowhere\nhost h\n".utf8),
         .syntax, "line 1: 'b' inherits from 'nowhere', which is not defined above it"),
        ("git", Array("[sendemail]\n\tsmtpServer = h\n\tsmtpEncryption = \"tls\n".utf8),
         .syntax, "line 3: unterminated string"),
        ("git", Array("[sendemail\n\tsmtpServer = h\n".utf8),
         .syntax, "line 1: not a section header or a setting"),
        ("claws", Array("[Account: 1]\nsmtp_server\n".utf8),
         .syntax, "line 2: not a section header or a setting"),
        ("claws", Array("[Account: 1]\nsmtp_server=h\n\0\0".utf8),
         .unsupportedFormat, "NUL character at offset 0x1b: binary data, not a text file"),
        ("claws", [], .empty, "empty file"),
    ]

    @Test(arguments: cases.indices)
    func rejectsWithAPreciseMessage(index: Int) throws {
        let (profile, input, kind, message) = Self.cases[index]
        let adapter = try Profiles.adapter(profile)
        let file = InputFile(name: "bad", bytes: input)
        #expect(AdapterConformance.malformedViolations(of: adapter, on: file) == [])
        #expect(throws: InputError(kind, message)) { try Convert.run(file, with: adapter) }
    }

    @Test func errorsNeverQuoteThePassword() throws {
        let input = Array("[sendemail]\n\tsmtpServer = h\n\tsmtpPass = \"s3cr3t-value\n".utf8)
        let adapter = try Profiles.adapter("git")
        do {
            _ = try Convert.run(InputFile(name: "rc", bytes: input), with: adapter)
            Issue.record("accepted")
        } catch {
            #expect(!error.message.contains("s3cr3t"))
        }
    }

    @Test func valueSplitOverLinesIsNotEditedInPlace() throws {
        // A security value in a continued hex value cannot be replaced without rewriting the break.
        let input = "REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts\\1]\r\n"
            + "\"SMTP Server\"=\"h\"\r\n\"SMTP Secure Connection\"=hex:01,\\\r\n  00,00,00\r\n\"SMTP Port\"=dword:0000024b\r\n"
        let adapter = try Profiles.adapter("reg")
        #expect(throws: InputError.self) { try Convert.run(InputFile(name: "x.reg", bytes: Array(input.utf8)), with: adapter) }
    }

    @Test(arguments: ["truncated.iaf", "png.prf", "unterminated.js", "empty.oeaccount"])
    func sharedMalformedFilesAreNotClaimed(name: String) throws {
        let file = try Fixtures.input("malformed", name)
        for adapter in try Profiles.adapters() {
            #expect(adapter.detect(file) < .content, "\(adapter.name) claims \(name)")
        }
    }
}

/// A value mailtls does not understand leaves its entry as is, with a warning quoting the value
/// and its line; the rest of the file goes on (rules §7).
@Suite struct UnknownValueTests {
    static let cases: [(profile: String, input: String, warning: String)] = [
        ("msmtp", "account a\nhost h\nport <your-port>\ntls on\n",
         "line 3: port '<your-port>' is not a number (SMTP entry 'a'): left as is"),
        ("msmtp", "account a\nhost h\nport 70000\ntls on\n",
         "line 3: port '70000' is not a port, 1-65535 (SMTP entry 'a'): left as is"),
        ("reg", "REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001]\r\n"
            + "\"Account Name\"=\"Work\"\r\n\"SMTP Server\"=\"smtp.example.com\"\r\n\"SMTP Port\"=dword:00010000\r\n\"SMTP Secure Connection\"=dword:00000001\r\n",
         "line 6: SMTP Port '65536' is not a port, 1-65535 (SMTP entry 'Work'): left as is"),
        ("reg", "REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001]\r\n"
            + "\"SMTP Server\"=\"smtp.example.com\"\r\n\"SMTP Port\"=dword:00000000\r\n",
         "line 5: SMTP Port '0' is not a port, 1-65535 (SMTP entry 'HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001'): left as is"),
        ("git", "[sendemail]\n\tsmtpServer = /usr/bin/msmtp\n\tsmtpServerPort = 587\n\tsmtpEncryption = tls\n",
         "SMTP entry '[sendemail]': smtpServer '/usr/bin/msmtp' is a program, not a server: left as is"),
        ("msmtp", "defaults\ntls on\nport 587\n\naccount nohost\nfrom me@example.org\nuser me\n",
         "SMTP entry 'nohost' has no host: left as is"),
    ]

    @Test(arguments: cases.indices)
    func entryIsLeftWithAWarning(index: Int) throws {
        let (profile, input, warning) = Self.cases[index]
        let outcome = try Convert.run(InputFile(name: "f", bytes: Array(input.utf8)), with: Profiles.adapter(profile))
        // A port it cannot read stays an entry (verdict unknown-value); a block without a host,
        // or with a program for a host, is no entry at all.
        #expect(outcome.output == nil && outcome.decisions.allSatisfy { $0.verdict == .unknownValue })
        #expect(outcome.warnings == [warning])
    }

    @Test func otherEntriesOfTheFileGoOn() throws {
        let input = "account bad\nhost a.example\nport 5x7\ntls on\n\naccount good\nhost b.example\nport 587\ntls on\n"
        let outcome = try Convert.run(InputFile(name: "f", bytes: Array(input.utf8)), with: Profiles.adapter("msmtp"))
        #expect(outcome.conversions.map(\.entry.account) == ["good"])
        #expect(outcome.warnings == ["line 3: port '5x7' is not a number (SMTP entry 'bad'): left as is"])
        #expect(try #require(outcome.output).debugText.hasSuffix("account good\nhost b.example\nport 465\ntls on\ntls_starttls off\n"))
    }
}

/// Cut and corrupted copies of every fixture: each one is read or refused, never a crash.
@Suite struct DamagedInputTests {
    @Test(arguments: Profiles.builtInNames)
    func truncatedAndFlippedFilesNeverCrash(folder: String) throws {
        let adapter = try Profiles.adapter(folder)
        for name in Fixtures.inputs(folder) {
            let bytes = try Fixtures.bytes(folder, name)
            var variants: [[UInt8]] = stride(from: 0, to: bytes.count, by: max(1, bytes.count / 16)).map { Array(bytes[..<$0]) }
            for position in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 16)) {
                var flipped = bytes
                flipped[position] ^= 0x5C
                variants.append(flipped)
            }
            for variant in variants {
                let file = InputFile(name: name, bytes: variant)
                do {
                    let outcome = try Convert.run(file, with: adapter)
                    if let output = outcome.output {
                        #expect(try Convert.run(InputFile(name: name, bytes: output), with: adapter).output == nil)
                    }
                } catch {
                    #expect(!error.message.isEmpty)
                }
            }
        }
    }

    /// Fuzz finding: an account whose inherited port was unreadable, under a parent the
    /// conversion gives a port, must still be the same entry after conversion (the verifying
    /// re-scan once saw one entry more and refused the output).
    @Test func anInheritedUnreadablePortStaysOneEntryThroughAConversion() throws {
        let input = "defaults\ntls on\naccount a\nhost a.example\ndefaults\nport x\naccount b : a\n"
        let outcome = try Convert.run(InputFile(name: "f", bytes: Array(input.utf8)), with: Profiles.adapter("msmtp"))
        #expect(outcome.decisions.map(\.verdict) == [.convert, .unknownValue])
        #expect(try #require(outcome.output).debugText.hasPrefix("defaults\ntls on\naccount a\ntls_starttls off\nport 465\nhost a.example\n"))
    }
}
