import MailTLSCore

/// Small PRF texts built in tests, so each case shows exactly the lines it is about.
enum PRFSamples {
    /// A minimal OCT-shaped PRF with one POP3 account whose SMTP lines are `smtpLines`.
    static func pop3Account(_ smtpLines: [String], name: String = "Office", host: String = "smtp.example.com", mapping: [String]? = nil) -> String {
        let mappingLines = mapping ?? ["SMTPServer=PT_UNICODE,0x0200", "SMTPSecureConnection=PT_LONG,0x020A", "SMTPPort=PT_LONG,0x0201"]
        return ([
            "; generated for a test",
            "[General]",
            "Custom=1",
            "",
            "[Internet Account List]",
            "Account1=I_Mail",
            "",
            "[Account1]",
            "AccountName=\(name)",
            "POP3Server=pop.example.com",
            "SMTPServer=\(host)",
            "POP3UseSSL=0",
            "POP3Port=110",
        ] + smtpLines + [
            "",
            "[I_Mail]",
            "AccountType=POP3",
        ] + mappingLines + [""]).joined(separator: "\r\n")
    }

    static func bytes(_ text: String, _ encoding: TextEncoding = .utf8(bom: false)) -> [UInt8] {
        let bom: [UInt8] = switch encoding {
        case .utf8(true): [0xEF, 0xBB, 0xBF]
        case .utf16LE: [0xFF, 0xFE]
        case .utf16BE: [0xFE, 0xFF]
        default: []
        }
        return bom + encoding.encode(text)
    }
}
