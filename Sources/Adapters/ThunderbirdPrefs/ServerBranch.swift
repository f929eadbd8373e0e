import MailTLSCore

/// The preferences of one server, `<root>.<key>.*`, read with Thunderbird's fallback to the
/// `<root>.default.*` branch for values the server does not set itself.
struct ServerBranch {
    let table: PrefTable
    /// `mail.smtpserver` or `mail.server`.
    let root: String
    let key: String

    var prefix: String { "\(root).\(key)." }

    /// An integer setting, the statement that gives it, and whether it came from the default
    /// branch.
    typealias Found = (value: Int, statement: PrefStatement, inherited: Bool)

    /// The server's own winning statement for `attribute`.
    func own(_ attribute: String) -> PrefStatement? { table[prefix + attribute] }

    /// The statement that gives `attribute`: the server's own, else the default branch's.
    func effective(_ attribute: String) -> (statement: PrefStatement, inherited: Bool)? {
        if let own = own(attribute) { return (own, false) }
        return table["\(root).default.\(attribute)"].map { ($0, true) }
    }

    func ownString(_ attribute: String) -> String? { own(attribute)?.value.string }

    /// An integer preference, or nil when neither the server nor the default branch sets it.
    /// A value of another type cannot be interpreted safely and stops the conversion.
    func integer(_ attribute: String) throws(InputError) -> Found? {
        guard let (statement, inherited) = effective(attribute) else { return nil }
        guard let value = statement.value.integer else {
            throw InputError(.invalidValue, "line \(statement.line): \(statement.name) must be an integer")
        }
        return (value, statement, inherited)
    }

    /// The socket type (`try_ssl` for SMTP, `socketType` for incoming servers): 0 plain,
    /// 1 STARTTLS if offered (old profiles), 2 STARTTLS, 3 implicit TLS.
    func socketType(_ attribute: String) throws(InputError) -> Found? {
        guard let found = try integer(attribute) else { return nil }
        guard (0...3).contains(found.value) else {
            throw InputError(.invalidValue, "line \(found.statement.line): \(found.statement.name) is \(found.value), expected 0 to 3")
        }
        return found
    }

    /// The port the file sets (a positive value), or nil when the client's default applies.
    /// Zero and negative values mean "not set" to Thunderbird.
    func port() throws(InputError) -> Found? {
        guard let found = try integer("port") else { return nil }
        guard found.value <= 65535 else {
            throw InputError(.invalidValue, "line \(found.statement.line): \(found.statement.name) is \(found.value), not a port")
        }
        return found.value > 0 ? found : nil
    }

    /// Index of the statement after which a missing security line is inserted: the server's
    /// `hostname` statement, else its last statement in the file.
    var anchorIndex: Int? {
        if let hostname = table.winnerIndex(prefix + "hostname") { return hostname }
        return table.statements.lastIndex { $0.name.hasPrefix(prefix) }
    }

    static func security(forSocketType value: Int) -> Security {
        switch value {
        case 1: .starttlsOptional
        case 2: .starttls
        case 3: .tls
        default: .none
        }
    }

    static func authMethodName(_ value: Int) -> String {
        let names = [
            1: "none", 2: "old", 3: "normal password", 4: "encrypted password", 5: "Kerberos/GSSAPI",
            6: "NTLM", 7: "TLS certificate", 8: "secure", 9: "any", 10: "OAuth2",
        ]
        return names[value].map { "\(value) (\($0))" } ?? String(value)
    }

    /// How the port came about, when the entry's port alone does not say it: "not set
    /// (default 25)", "0 (not set: default 25)", "587 (lockPref)". Nil for a plain value.
    static func describePort(_ found: Found?, own: PrefStatement?, effective: Int) -> String? {
        guard let found else {
            if let written = own?.value.integer { return "\(written) (not set: default \(effective))" }
            return "not set (default \(effective))"
        }
        return found.inherited || found.statement.spec != .userPref ? describe(found, default: "") : nil
    }

    /// "2", "2 (lockPref)", "2 (from mail.smtpserver.default.try_ssl)".
    static func describe(_ found: Found?, default fallback: String) -> String {
        guard let found else { return fallback }
        if found.inherited { return "\(found.value) (from \(found.statement.name))" }
        if found.statement.spec != .userPref { return "\(found.value) (\(found.statement.spec.rawValue))" }
        return String(found.value)
    }
}
