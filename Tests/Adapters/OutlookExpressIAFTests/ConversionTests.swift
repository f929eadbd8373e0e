import MailTLSCore
import MailTLSTestSupport
import OutlookExpressIAF
import Testing

@Suite struct ConversionTests {
    let adapter = OutlookExpressIAFAdapter()
    typealias B = IAFTestBytes

    func convert(_ records: [[UInt8]], policy: ConversionPolicy = ConversionPolicy()) throws -> (input: [UInt8], outcome: FileConverter.Outcome) {
        let input = B.file(records)
        return (input, try Convert.run(InputFile(name: "t.iaf", bytes: input), with: adapter, policy: policy))
    }

    @Test func portRecordRewrittenInPlaceWhateverTheOrder() throws {
        // Port record first, server last, an unknown record and a certificate in between.
        let records = [
            B.dword(ID.smtpPort, 25), B.record(ID.httpMailPoll, [1, 2, 3, 4, 5, 6, 7, 8]),
            B.dword(ID.smtpSSL, 1), B.record(ID.smtpCertificate, Array(0..<40)),
            B.record(0xABCD_1234, [9, 9, 9]), B.string(ID.accountName, "Odd order"),
            B.string(ID.smtpServer, "smtp.example.com"),
        ]
        let (input, outcome) = try convert(records)
        var expected = records
        expected[0] = B.dword(ID.smtpPort, 465)
        #expect(outcome.output == B.file(expected))
        #expect(outcome.edits == [ByteEdit(replacing: 20..<24, with: [0xD1, 0x01, 0, 0])])
        #expect(outcome.output?.count == input.count)
    }

    @Test func missingPortRecordIsAppendedAtTheEnd() throws {
        let records = [B.string(ID.smtpServer, "smtp.example.com"), B.dword(ID.smtpSSL, 1), B.dword(ID.smtpTimeout, 60)]
        let (input, outcome) = try convert(records)
        #expect(outcome.output == input + B.dword(ID.smtpPort, 465))
        let entries = try Convert.entries(try #require(outcome.output), with: adapter)
        #expect(entries.first?.port == 465)
        #expect(entries.first?.security == .tls)
    }

    @Test func missingSSLRecordLeavesTheFileAlone() throws {
        let (_, outcome) = try convert([B.string(ID.smtpServer, "smtp.example.com"), B.dword(ID.smtpPort, 587)])
        #expect(outcome.output == nil)
        #expect(outcome.decisions.map(\.verdict) == [.plaintext])
        #expect(!outcome.warnings.isEmpty)
    }

    @Test func sslOffLeavesTheFileAlone() throws {
        let (_, outcome) = try convert([B.string(ID.smtpServer, "s"), B.dword(ID.smtpPort, 25), B.dword(ID.smtpSSL, 0)])
        #expect(outcome.output == nil)
    }

    @Test func alreadyOn465IsUnchanged() throws {
        let (_, outcome) = try convert([B.string(ID.smtpServer, "s"), B.dword(ID.smtpPort, 465), B.dword(ID.smtpSSL, 1)])
        #expect(outcome.output == nil)
        #expect(outcome.decisions.map(\.verdict) == [.alreadyImplicitTLS])
    }

    @Test func encryptedOnAnotherPortIsUnchanged() throws {
        let (_, outcome) = try convert([B.string(ID.smtpServer, "s"), B.dword(ID.smtpPort, 2525), B.dword(ID.smtpSSL, 1)])
        #expect(outcome.output == nil)
        #expect(outcome.decisions.map(\.verdict) == [.otherPort])
    }

    @Test func customFromPortMoves() throws {
        let records = [B.string(ID.smtpServer, "s"), B.dword(ID.smtpPort, 2525), B.dword(ID.smtpSSL, 1)]
        let (_, outcome) = try convert(records, policy: ConversionPolicy(fromPorts: [2525]))
        #expect(outcome.output == B.file([records[0], B.dword(ID.smtpPort, 465), records[2]]))
    }

    @Test func targetPortOtherThan465IsRefused() throws {
        let records = [B.string(ID.smtpServer, "s"), B.dword(ID.smtpPort, 587), B.dword(ID.smtpSSL, 1)]
        #expect {
            _ = try convert(records, policy: ConversionPolicy(toPort: 2465))
        } throws: { error in
            let error = error as? InputError
            return error?.kind == .invalidValue && error?.message.contains("only on port 465") == true
        }
    }

    @Test func duplicatePortRecordFirstCounts() throws {
        let records = [B.string(ID.smtpServer, "s"), B.dword(ID.smtpPort, 587), B.dword(ID.smtpSSL, 1), B.dword(ID.smtpPort, 465)]
        let (_, outcome) = try convert(records)
        #expect(outcome.output == B.file([records[0], B.dword(ID.smtpPort, 465), records[2], records[3]]))
        // And the other way round: first 465 counts, a later 587 is ignored.
        let reversed = [records[0], B.dword(ID.smtpPort, 465), records[2], B.dword(ID.smtpPort, 587)]
        #expect(try convert(reversed).outcome.output == nil)
    }

    @Test func duplicateSSLRecordFirstCounts() throws {
        let records = [B.string(ID.smtpServer, "s"), B.dword(ID.smtpSSL, 0), B.dword(ID.smtpSSL, 1)]
        #expect(try convert(records).outcome.output == nil)
    }

    @Test func incomingServersMoveOnlyWhenSelected() throws {
        let records = [
            B.string(ID.imapServer, "imap.example.com"), B.dword(ID.imapPort, 143), B.dword(ID.imapSSL, 1),
            B.string(ID.pop3Server, "pop.example.com"), B.dword(ID.pop3SSL, 1),
            B.string(ID.smtpServer, "smtp.example.com"), B.dword(ID.smtpPort, 465), B.dword(ID.smtpSSL, 1),
        ]
        #expect(try convert(records).outcome.output == nil)
        let all = ConversionPolicy(protocols: [.smtp, .imap, .pop3])
        let (_, outcome) = try convert(records, policy: all)
        var expected = records
        expected[1] = B.dword(ID.imapPort, 993)
        #expect(outcome.output == B.file(expected) + B.dword(ID.pop3Port, 995))
        let after = try Convert.entries(try #require(outcome.output), with: adapter)
        #expect(after.map(\.port) == [993, 995, 465])
        #expect(after.allSatisfy { $0.security == .tls })
    }

    @Test func imapPortRecordsWithoutImapServerAreNotAnEntry() throws {
        // POP3 exports carry IMAP defaults; --protocols imap must not touch them.
        let records = [B.dword(ID.imapPort, 143), B.dword(ID.imapSSL, 1), B.string(ID.pop3Server, "pop"), B.dword(ID.pop3Port, 995), B.dword(ID.pop3SSL, 1)]
        let (_, outcome) = try convert(records, policy: ConversionPolicy(protocols: [.imap, .pop3, .smtp]))
        #expect(outcome.output == nil)
        #expect(outcome.decisions.map(\.entry.proto) == [.pop3])
    }

    @Test func serverFilterLimitsConversion() throws {
        let records = [B.string(ID.smtpServer, "smtp.other.example"), B.dword(ID.smtpPort, 587), B.dword(ID.smtpSSL, 1)]
        let policy = ConversionPolicy(serverPatterns: [HostPattern("*.example.com")])
        let (_, outcome) = try convert(records, policy: policy)
        #expect(outcome.output == nil)
        #expect(outcome.decisions.map(\.verdict) == [.hostNotSelected])
    }

    @Test func unknownRecordsAndPasswordsSurviveByteForByte() throws {
        let unknown = [
            B.record(0x0000_0000, []), B.record(0xFFFF_FFFF, [0xFF, 0xFE]), B.record(0x1B5A_03F7, Array(repeating: 7, count: 8)),
            B.record(0x1436_03F1, Array(0..<200)), B.password(ID.smtpPassword, "s3cret!"),
        ]
        let records = [unknown[0], B.string(ID.smtpServer, "s"), unknown[1], B.dword(ID.smtpPort, 25), unknown[2],
                       B.dword(ID.smtpSSL, 1), unknown[3], unknown[4]]
        let (input, outcome) = try convert(records)
        let output = try #require(outcome.output)
        var expected = records
        expected[3] = B.dword(ID.smtpPort, 465)
        #expect(output == B.file(expected))
        #expect(outcome.secretRanges.count == 1)
        let secret = try #require(outcome.secretRanges.first)
        #expect(Array(output[secret]) == Array(input[secret]))
    }

    @Test func twoConversionsWithoutPortRecordsAppendInEntryOrder() throws {
        let records = [B.string(ID.smtpServer, "smtp"), B.dword(ID.smtpSSL, 1), B.string(ID.imapServer, "imap"), B.dword(ID.imapSSL, 1)]
        let (input, outcome) = try convert(records, policy: ConversionPolicy(protocols: [.smtp, .imap]))
        #expect(outcome.output == input + B.dword(ID.smtpPort, 465) + B.dword(ID.imapPort, 993))
    }
}
