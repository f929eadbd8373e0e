import MailTLSCore
import MailTLSTestSupport
import OutlookExpressIAF
import Testing

/// Property-style: for many generated record lists (any order, duplicates, unknown ids and
/// types, passwords), converting changes nothing but the port record of each converted
/// entry (or appends one), and the result matches a small model of the rules written here.
@Suite struct GeneratedRecordListTests {
    let adapter = OutlookExpressIAFAdapter()

    struct Group {
        let proto: MailProtocol
        let server, port, ssl: UInt32
        let others: [UInt32]
        let defaultPort: Int
        let from: Set<Int>
        let to: Int
    }

    static let groups = [
        Group(proto: .smtp, server: ID.smtpServer, port: ID.smtpPort, ssl: ID.smtpSSL,
              others: [ID.smtpUserName, ID.smtpPassword, ID.smtpAuth], defaultPort: 25, from: [25, 587], to: 465),
        Group(proto: .pop3, server: ID.pop3Server, port: ID.pop3Port, ssl: ID.pop3SSL,
              others: [ID.pop3UserName, ID.pop3Password, ID.pop3SPA], defaultPort: 110, from: [110], to: 995),
        Group(proto: .imap, server: ID.imapServer, port: ID.imapPort, ssl: ID.imapSSL,
              others: [ID.imapUserName, ID.imapPassword, ID.imapSPA], defaultPort: 143, from: [143], to: 993),
    ]

    static let knownIDs: [UInt32] = groups.flatMap { [$0.server, $0.port, $0.ssl] + $0.others }
        + [ID.accountName, ID.accountID, ID.smtpTimeout, ID.smtpDisplayName, ID.smtpEmail, ID.nntpPort, ID.nntpSSL,
           ID.smtpCertificate, ID.httpMailPoll]

    /// Valid data for an id, following its type code (unknown codes: any bytes).
    static func data(for id: UInt32, using g: inout SeededGenerator) -> [UInt8] {
        switch id & 0xFFFF {
        case 0x03E9:
            let ports: [UInt32] = [25, 587, 465, 110, 995, 143, 993, 2525, 0, 0xFFFF_FFFF]
            return IAFTestBytes.le32(ports.randomElement(using: &g)!)
        case 0x03F5:
            return IAFTestBytes.le32([0, 1, 1, 1, 2].randomElement(using: &g)!)
        case 0x03F0:
            // Printable ASCII, CP932 pairs, or padding after the NUL.
            let text = (0..<Int.random(in: 0...12, using: &g)).flatMap { _ -> [UInt8] in
                Bool.random(using: &g) ? [UInt8.random(in: 0x20...0x7E, using: &g)] : [0x83, UInt8.random(in: 0x40...0x96, using: &g)]
            }
            return text + [0] + (Bool.random(using: &g) ? [0, 0x41] : [])
        default:
            return (0..<Int.random(in: 0...24, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }
        }
    }

    static func randomID(using g: inout SeededGenerator) -> UInt32 {
        if Int.random(in: 0..<4, using: &g) > 0 { return knownIDs.randomElement(using: &g)! }
        let types: [UInt32] = [0x03E9, 0x03F0, 0x03F1, 0x03F5, 0x03F6, 0x03F7, 0x0000, 0xBEEF]
        return UInt32.random(in: 0...0xFFFF, using: &g) << 16 | types.randomElement(using: &g)!
    }

    static func value(_ data: [UInt8]) -> Int {
        (0..<4).reduce(0) { $0 | Int(data[$1]) << (8 * $1) }
    }

    @Test func convertingChangesOnlyPortRecords() throws {
        var g = SeededGenerator(seed: 465)
        var conversionsSeen = 0, appendsSeen = 0
        for _ in 0..<600 {
            let records = (0..<Int.random(in: 0...28, using: &g)).map { _ -> (id: UInt32, data: [UInt8]) in
                let id = Self.randomID(using: &g)
                return (id, Self.data(for: id, using: &g))
            }
            let input = IAFTestBytes.file(records.map { IAFTestBytes.record($0.id, $0.data) })
            let protocols = Set(MailProtocol.allCases.filter { $0 == .smtp || Bool.random(using: &g) })
            let policy = ConversionPolicy(protocols: protocols)

            // The model: which groups exist, in which order, and what each converts to.
            func first(_ id: UInt32) -> Int? { records.firstIndex { $0.id == id } }
            var present: [(at: Int, group: Group)] = []
            for group in Self.groups {
                let markers = group.proto == .smtp ? [group.server, group.port, group.ssl] : [group.server]
                guard markers.contains(where: { first($0) != nil }) else { continue }
                let at = ([group.server, group.port, group.ssl] + group.others).compactMap(first).min()!
                present.append((at, group))
            }
            present.sort { $0.at < $1.at }
            var rewritten: [Int: Int] = [:]   // record index -> new port
            var appended: [(id: UInt32, data: [UInt8])] = []
            for (_, group) in present where protocols.contains(group.proto) {
                let port = first(group.port).map { Self.value(records[$0].data) } ?? group.defaultPort
                let ssl = first(group.ssl).map { Self.value(records[$0].data) == 1 } ?? false
                guard ssl, group.from.contains(port) else { continue }
                if let index = first(group.port) { rewritten[index] = group.to } else {
                    appended.append((group.port, IAFTestBytes.le32(UInt32(group.to))))
                }
            }

            let outcome = try Convert.run(InputFile(name: "g.iaf", bytes: input), with: adapter, policy: policy)
            #expect(outcome.conversions.count == rewritten.count + appended.count)
            #expect(outcome.decisions.map(\.entry.proto) == present.map(\.group.proto))
            guard let output = outcome.output else {
                #expect(rewritten.isEmpty && appended.isEmpty)
                continue
            }
            conversionsSeen += 1
            appendsSeen += appended.isEmpty ? 0 : 1
            let after = try #require(IAFTestBytes.parse(output))
            try #require(after.count == records.count + appended.count)
            for (index, record) in records.enumerated() {
                #expect(after[index].id == record.id)
                if let port = rewritten[index] {
                    #expect(after[index].data == IAFTestBytes.le32(UInt32(port)))
                } else {
                    #expect(after[index].data == record.data, "record \(index) must be byte-identical")
                }
            }
            for (offset, record) in appended.enumerated() {
                #expect(after[records.count + offset].id == record.id)
                #expect(after[records.count + offset].data == record.data)
            }
            // Nothing moved: the output is the input with the same length prefix, plus the appends.
            #expect(output.count == input.count + 12 * appended.count)
            let again = try Convert.run(InputFile(name: "g.iaf", bytes: output), with: adapter, policy: policy)
            #expect(again.output == nil)
        }
        // The generator must actually exercise both kinds of edit.
        #expect(conversionsSeen > 50)
        #expect(appendsSeen > 10)
    }
}
