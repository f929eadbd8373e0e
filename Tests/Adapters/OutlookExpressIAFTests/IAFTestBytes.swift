import MailTLSTestSupport
import Foundation

/// Builds `.iaf` bytes for tests, independently of the adapter's own code.
enum IAFTestBytes {
    static let header: [UInt8] = [0x66, 0x4D, 0x41, 0x49, 0x00, 0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00]

    static func le32(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    static func record(_ id: UInt32, _ data: [UInt8]) -> [UInt8] {
        le32(id) + le32(UInt32(data.count)) + data
    }

    static func dword(_ id: UInt32, _ value: UInt32) -> [UInt8] {
        record(id, le32(value))
    }

    /// A STRING record from raw code-page bytes; the NUL is added.
    static func string(_ id: UInt32, _ bytes: [UInt8]) -> [UInt8] {
        record(id, bytes + [0])
    }

    static func string(_ id: UInt32, _ text: String) -> [UInt8] {
        string(id, Array(text.utf8))
    }

    /// A PASS record holding `plain` obfuscated the way Outlook Express does (format note §1.4),
    /// so secrets in tests look like the real thing.
    static func password(_ id: UInt32, _ plain: String) -> [UInt8] {
        let data = Array(plain.utf8) + [0]
        var key: [UInt8] = [0x75, 0x18, 0x15, 0x14]
        var out: [UInt8] = []
        var start = 0
        while start < data.count {
            let block = Array(data[start..<min(start + 4, data.count)])
            let use = Array(key.suffix(block.count))
            out += zip(block, use).map { $0 ^ $1 }
            if block.count == 4 { key = block }
            start += 4
        }
        return record(id, [0x01, 0x01] + le32(UInt32(data.count)) + out)
    }

    static func file(_ records: [[UInt8]]) -> [UInt8] {
        header + records.flatMap { $0 }
    }

    /// Offset of the data of the first record with `id` in a well-formed file, for assertions.
    static func dataRange(of id: UInt32, in bytes: [UInt8]) -> Range<Int>? {
        var offset = header.count
        while offset + 8 <= bytes.count {
            let found = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
            let length = Int(bytes[offset + 4]) | Int(bytes[offset + 5]) << 8 | Int(bytes[offset + 6]) << 16 | Int(bytes[offset + 7]) << 24
            if found == id { return (offset + 8)..<(offset + 8 + length) }
            offset += 8 + length
        }
        return nil
    }
}

/// Field ids spelled out again here (not taken from the adapter) so a typo there fails a test.
enum ID {
    static let accountName: UInt32 = 0x1235_03F0
    static let accountID: UInt32 = 0x123D_03F0
    static let imapServer: UInt32 = 0x1298_03F0
    static let imapUserName: UInt32 = 0x1299_03F0
    static let imapPassword: UInt32 = 0x129A_03F6
    static let imapSPA: UInt32 = 0x129C_03F5
    static let imapPort: UInt32 = 0x129D_03E9
    static let imapSSL: UInt32 = 0x129E_03F5
    static let nntpPort: UInt32 = 0x1365_03E9
    static let nntpSSL: UInt32 = 0x1366_03F5
    static let pop3Server: UInt32 = 0x13C4_03F0
    static let pop3UserName: UInt32 = 0x13C5_03F0
    static let pop3Password: UInt32 = 0x13C6_03F6
    static let pop3SPA: UInt32 = 0x13C8_03F5
    static let pop3Port: UInt32 = 0x13C9_03E9
    static let pop3SSL: UInt32 = 0x13CA_03F5
    static let smtpServer: UInt32 = 0x1428_03F0
    static let smtpUserName: UInt32 = 0x1429_03F0
    static let smtpPassword: UInt32 = 0x142A_03F6
    static let smtpAuth: UInt32 = 0x142C_03E9
    static let smtpPort: UInt32 = 0x142D_03E9
    static let smtpSSL: UInt32 = 0x142E_03F5
    static let smtpTimeout: UInt32 = 0x142F_03E9
    static let smtpDisplayName: UInt32 = 0x1430_03F0
    static let smtpEmail: UInt32 = 0x1432_03F0
    static let smtpCertificate: UInt32 = 0x1436_03F1
    static let httpMailPoll: UInt32 = 0x1B5A_03F7
}

extension IAFTestBytes {
    /// The records of a well-formed file as (id, data) pairs, or nil if it is not well-formed.
    static func parse(_ bytes: [UInt8]) -> [(id: UInt32, data: [UInt8])]? {
        guard bytes.starts(with: header) else { return nil }
        var records: [(id: UInt32, data: [UInt8])] = []
        var offset = header.count
        func u32(_ at: Int) -> Int { (0..<4).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
        while offset < bytes.count {
            guard bytes.count - offset >= 8 else { return nil }
            let length = u32(offset + 4)
            guard length <= bytes.count - offset - 8 else { return nil }
            records.append((UInt32(u32(offset)), Array(bytes[(offset + 8)..<(offset + 8 + length)])))
            offset += 8 + length
        }
        return records
    }
}
