import MailTLSCore

/// The fields of one protocol's server settings within an account export.
struct IAFServerFields: Sendable {
    let proto: MailProtocol
    let server: UInt32
    let userName: UInt32
    let password: UInt32
    let port: UInt32
    let secureConnection: UInt32
    /// SMTPAuthMethod (a DWORD enum) for SMTP; the "use SPA" BOOL for POP3 and IMAP.
    let authentication: UInt32

    var ids: [UInt32] { [server, userName, password, port, secureConnection, authentication] }

    static let smtp = IAFServerFields(
        proto: .smtp, server: IAFField.smtpServer, userName: IAFField.smtpUserName,
        password: IAFField.smtpPassword, port: IAFField.smtpPort,
        secureConnection: IAFField.smtpSecureConnection, authentication: IAFField.smtpAuthMethod)
    static let pop3 = IAFServerFields(
        proto: .pop3, server: IAFField.pop3Server, userName: IAFField.pop3UserName,
        password: IAFField.pop3Password, port: IAFField.pop3Port,
        secureConnection: IAFField.pop3SecureConnection, authentication: IAFField.pop3AuthUseSPA)
    static let imap = IAFServerFields(
        proto: .imap, server: IAFField.imapServer, userName: IAFField.imapUserName,
        password: IAFField.imapPassword, port: IAFField.imapPort,
        secureConnection: IAFField.imapSecureConnection, authentication: IAFField.imapAuthUseSPA)

    static let all = [smtp, pop3, imap]

    static func fields(for proto: MailProtocol) -> IAFServerFields {
        switch proto {
        case .smtp: smtp
        case .pop3: pop3
        case .imap: imap
        }
    }

    /// Whether the account has this server. SMTP: any SMTP server, port or SSL record.
    /// POP3 and IMAP: only the server record, because POP3 exports carry IMAP port and SSL
    /// records with default values (format note §1.3, SAMPLE95).
    func isPresent(in index: IAFRecordIndex) -> Bool {
        switch proto {
        case .smtp: [server, port, secureConnection].contains { index.first($0) != nil }
        case .pop3, .imap: index.first(server) != nil
        }
    }
}
