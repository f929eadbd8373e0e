/// The field ids of an `.iaf` export that this adapter knows by name (format note §1.3):
/// `(property id << 16) | type code`, property ids counted from AP_FIRST = 0x1234.
/// Ids not listed here are kept as opaque records.
enum IAFField {
    static let accountName: UInt32 = 0x1235_03F0
    static let temporaryAccount: UInt32 = 0x1237_03E9
    static let connectionType: UInt32 = 0x1239_03E9
    static let connectionName: UInt32 = 0x123A_03F0
    static let accountID: UInt32 = 0x123D_03F0
    static let makeAvailableOffline: UInt32 = 0x1240_03E9

    static let imapServer: UInt32 = 0x1298_03F0
    static let imapUserName: UInt32 = 0x1299_03F0
    static let imapPassword: UInt32 = 0x129A_03F6
    static let imapAuthUseSPA: UInt32 = 0x129C_03F5
    static let imapPort: UInt32 = 0x129D_03E9
    static let imapSecureConnection: UInt32 = 0x129E_03F5
    static let imapTimeout: UInt32 = 0x129F_03E9

    static let nntpPort: UInt32 = 0x1365_03E9
    static let nntpSecureConnection: UInt32 = 0x1366_03F5

    static let pop3Server: UInt32 = 0x13C4_03F0
    static let pop3UserName: UInt32 = 0x13C5_03F0
    static let pop3Password: UInt32 = 0x13C6_03F6
    static let pop3AuthUseSPA: UInt32 = 0x13C8_03F5
    static let pop3Port: UInt32 = 0x13C9_03E9
    static let pop3SecureConnection: UInt32 = 0x13CA_03F5
    static let pop3Timeout: UInt32 = 0x13CB_03E9
    static let leaveMailOnServer: UInt32 = 0x13CC_03F5

    static let smtpServer: UInt32 = 0x1428_03F0
    static let smtpUserName: UInt32 = 0x1429_03F0
    static let smtpPassword: UInt32 = 0x142A_03F6
    static let smtpAuthMethod: UInt32 = 0x142C_03E9
    static let smtpPort: UInt32 = 0x142D_03E9
    static let smtpSecureConnection: UInt32 = 0x142E_03F5
    static let smtpTimeout: UInt32 = 0x142F_03E9
    static let smtpDisplayName: UInt32 = 0x1430_03F0
    static let smtpOrganizationName: UInt32 = 0x1431_03F0
    static let smtpEmailAddress: UInt32 = 0x1432_03F0
    static let smtpReplyToEmailAddress: UInt32 = 0x1433_03F0
    static let smtpSplitMessages: UInt32 = 0x1434_03F5
    static let smtpSplitMessageSize: UInt32 = 0x1435_03E9
    static let smtpSignature: UInt32 = 0x1437_03F0
    static let smtpPasswordPrompt: UInt32 = 0x1438_03F5

    /// Names as the Win32::Outlook::IAF field table spells them, for error messages.
    static let names: [UInt32: String] = [
        accountName: "AccountName", temporaryAccount: "TemporaryAccount", connectionType: "ConnectionType",
        connectionName: "ConnectionName", accountID: "AccountID", makeAvailableOffline: "MakeAvailableOffline",
        imapServer: "IMAPServer", imapUserName: "IMAPUserName", imapPassword: "IMAPPassword",
        imapAuthUseSPA: "IMAPAuthUseSPA", imapPort: "IMAPPort", imapSecureConnection: "IMAPSecureConnection",
        imapTimeout: "IMAPTimeout",
        nntpPort: "NNTPPort", nntpSecureConnection: "NNTPSecureConnection",
        pop3Server: "POP3Server", pop3UserName: "POP3UserName", pop3Password: "POP3Password",
        pop3AuthUseSPA: "POP3AuthUseSPA", pop3Port: "POP3Port", pop3SecureConnection: "POP3SecureConnection",
        pop3Timeout: "POP3Timeout", leaveMailOnServer: "LeaveMailOnServer",
        smtpServer: "SMTPServer", smtpUserName: "SMTPUserName", smtpPassword: "SMTPPassword",
        smtpAuthMethod: "SMTPAuthMethod", smtpPort: "SMTPPort", smtpSecureConnection: "SMTPSecureConnection",
        smtpTimeout: "SMTPTimeout", smtpDisplayName: "SMTPDisplayName", smtpOrganizationName: "OrganizationName",
        smtpEmailAddress: "SMTPEmailAddress", smtpReplyToEmailAddress: "ReplyToEmailAddress",
        smtpSplitMessages: "SMTPSplitMessages", smtpSplitMessageSize: "SplitMessageSize",
        smtpSignature: "SMTPSignature", smtpPasswordPrompt: "SMTPPasswordPrompt",
    ]

    /// `0x142D03E9 (SMTPPort)`, or just the hex id for an unknown field.
    static func describe(_ id: UInt32) -> String {
        let digits = String(id, radix: 16, uppercase: true)
        let hex = "0x" + String(repeating: "0", count: 8 - digits.count) + digits
        return names[id].map { "\(hex) (\($0))" } ?? hex
    }
}

/// A file offset as error messages give it: `0x1e4`.
func hexOffset(_ offset: Int) -> String {
    "0x" + String(offset, radix: 16)
}
