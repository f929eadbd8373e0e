import MailTLSCore

/// The preferences of one server, `<root>.<key>.*`, read with Thunderbird's fallback to the
/// `<root>.default.*` branch for values the server does not set itself.
struct ServerBranch {
    let table: PrefTable
    let root: ServerRoot
    /// The key, decoded.
    let key: String
    private let own: PrefBranch?
    private let defaults: PrefBranch?

    init(table: PrefTable, root: ServerRoot, key: Range<Int>) {
        self.table = table
        self.root = root
        self.key = table.text.string(key)
        own = table.branch(root, key: key)
        defaults = table.defaultBranch(root)
    }

    /// An integer setting, the statement that gives it, and whether it came from the default
    /// branch.
    typealias Found = (value: Int, statement: PrefStatement, inherited: Bool)

    /// The server's own winning statement for `attribute`.
    func own(_ attribute: ServerAttribute) -> PrefStatement? { own?.winner(attribute).map { table.statements[$0] } }

    /// The statement that gives `attribute`: the server's own, else the default branch's.
    func effective(_ attribute: ServerAttribute) -> (statement: PrefStatement, inherited: Bool)? {
        if let own = own(attribute) { return (own, false) }
        return defaults?.winner(attribute).map { (table.statements[$0], true) }
    }

    func ownString(_ attribute: ServerAttribute) -> String? { own(attribute)?.value.string.map(table.text.string) }

    /// Whether the server's own `attribute` is the string `value`.
    func own(_ attribute: ServerAttribute, is value: StaticString) -> Bool {
        own(attribute)?.value.string.map { table.text.equal($0, value) } ?? false
    }

    func name(_ statement: PrefStatement) -> String { table.text.string(statement.name) }

    /// An integer preference, or nil when neither the server nor the default branch sets it.
    /// A value of another type cannot be interpreted safely and stops the conversion.
    func integer(_ attribute: ServerAttribute) throws(InputError) -> Found? {
        guard let (statement, inherited) = effective(attribute) else { return nil }
        guard let value = statement.value.integer else {
            throw InputError(.invalidValue, "line \(statement.line): \(name(statement)) must be an integer")
        }
        return (value, statement, inherited)
    }

    /// The socket type (`try_ssl` for SMTP, `socketType` for incoming servers): 0 plain,
    /// 1 STARTTLS if offered (old profiles), 2 STARTTLS, 3 implicit TLS.
    func socketType(_ attribute: ServerAttribute) throws(InputError) -> Found? {
        guard let found = try integer(attribute) else { return nil }
        guard (0...3).contains(found.value) else {
            throw InputError(.invalidValue, "line \(found.statement.line): \(name(found.statement)) is \(found.value), expected 0 to 3")
        }
        return found
    }

    /// The port the file sets (a positive value), or nil when the client's default applies.
    /// Zero and negative values mean "not set" to Thunderbird.
    func port() throws(InputError) -> Found? {
        guard let found = try integer(.port) else { return nil }
        guard found.value <= 65535 else {
            throw InputError(.invalidValue, "line \(found.statement.line): \(name(found.statement)) is \(found.value), not a port")
        }
        return found.value > 0 ? found : nil
    }

    /// Index of the statement after which a missing security line is inserted: the server's
    /// `hostname` statement, else its last statement in the file.
    var anchorIndex: Int? { own?.winner(.hostname) ?? own?.last }

    static func security(forSocketType value: Int) -> Security {
        switch value {
        case 1: .starttlsOptional
        case 2: .starttls
        case 3: .tls
        default: .none
        }
    }

    static func authMethodName(_ value: Int) -> String {
        let name: String? =
            switch value {
            case 1: "none"
            case 2: "old"
            case 3: "normal password"
            case 4: "encrypted password"
            case 5: "Kerberos/GSSAPI"
            case 6: "NTLM"
            case 7: "TLS certificate"
            case 8: "secure"
            case 9: "any"
            case 10: "OAuth2"
            default: nil
            }
        return name.map { "\(value) (\($0))" } ?? String(value)
    }

    /// How the port came about, when the entry's port alone does not say it: "not set
    /// (default 25)", "0 (not set: default 25)", "587 (lockPref)". Nil for a plain value.
    func describePort(_ found: Found?, own: PrefStatement?, effective: Int) -> String? {
        guard let found else {
            if let written = own?.value.integer { return "\(written) (not set: default \(effective))" }
            return "not set (default \(effective))"
        }
        return found.inherited || found.statement.spec != .userPref ? describe(found, default: "") : nil
    }

    /// "2", "2 (lockPref)", "2 (from mail.smtpserver.default.try_ssl)".
    func describe(_ found: Found?, default fallback: String) -> String {
        guard let found else { return fallback }
        if found.inherited { return "\(found.value) (from \(name(found.statement)))" }
        if found.statement.spec != .userPref { return "\(found.value) (\(found.statement.spec.rawValue))" }
        return String(found.value)
    }
}
