import MailTLSCore

/// The facts `inspect` shows for an entry besides host, port and security. Passwords appear
/// only as a mask saying one is stored; their bytes are never read here.
enum IAFEntryDetails {
    static func details(for fields: IAFServerFields, ssl: UInt32?, in index: IAFRecordIndex) -> [ServerEntry.Detail] {
        var details: [ServerEntry.Detail] = []
        func add(_ name: String, _ value: String?) {
            if let value { details.append(ServerEntry.Detail(name, value)) }
        }
        if fields.proto == .smtp {
            add("account name", index.string(IAFField.accountName))
            add("account id", index.nonEmptyString(IAFField.accountID))
        }
        add("ssl", sslText(ssl))
        if index.first(fields.port) == nil {
            add("port record", "absent (default \(fields.proto.cleartextPort))")
        }
        if fields.proto == .smtp {
            add("auth", index.number(fields.authentication).map(smtpAuthMethodName) ?? "none (no SMTPAuthMethod record)")
        } else {
            add("spa", index.number(fields.authentication).map { $0 == 1 ? "on" : "off" })
        }
        add("user name", index.string(fields.userName))
        add("password", index.first(fields.password).map { _ in ChangeDiff.mask })
        if fields.proto == .smtp {
            add("display name", index.nonEmptyString(IAFField.smtpDisplayName))
            add("email address", index.nonEmptyString(IAFField.smtpEmailAddress))
        }
        return details
    }

    /// The SSL checkbox. Only 1 counts as on (conversion rules §2); anything else is shown
    /// as it is so an odd value does not pass unnoticed.
    static func sslText(_ value: UInt32?) -> String {
        switch value {
        case nil: "off (no SecureConnection record)"
        case 0: "off"
        case 1: "on"
        case let other?: "off (unexpected value \(other))"
        }
    }

    /// SMTPAuthMethod, Wine's SMTPAUTHTYPE.
    static func smtpAuthMethodName(_ value: UInt32) -> String {
        switch value {
        case 0: "none"
        case 1: "secure password authentication (SPA)"
        case 2: "same settings as the incoming server"
        case 3: "own user name and password"
        default: "unknown (\(value))"
        }
    }
}
