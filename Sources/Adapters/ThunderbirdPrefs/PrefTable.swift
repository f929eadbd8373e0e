/// What the readers need from a file's statements, found in one pass: the winning
/// `mail.smtpservers` statement and, for every server branch `mail.smtpserver.<key>.*` and
/// `mail.server.<key>.*`, the winning statement of each attribute the readers use.
///
/// The winner for a name follows rules §5: `lockPref` beats `user_pref` beats
/// `pref`/`sticky_pref`; among statements of one kind the later one wins. A change to a
/// preference is made at its winning statement. Names are compared as bytes, as libpref does.
struct PrefTable: Sendable {
    private(set) var text: PrefText
    let statements: [PrefStatement]
    /// Index of the winning `mail.smtpservers` statement.
    private(set) var serverList: Int?
    /// The bytes of its value when it is a string, escapes resolved.
    private(set) var serverListValue: Range<Int>?
    /// The branches of each root in order of first appearance, the `default` branch included.
    private(set) var outgoing: [PrefBranch] = []
    private(set) var incoming: [PrefBranch] = []

    init(_ text: PrefText, _ statements: [PrefStatement]) {
        self.text = text
        self.statements = statements
        // Statements of one server are usually together: the branch of the previous one is
        // tried first.
        var recent: (outgoing: Int, incoming: Int) = (0, 0)
        for (index, statement) in statements.enumerated() {
            let name = statement.name
            guard text.hasPrefix("mail.", at: name.lowerBound, before: name.upperBound) else { continue }
            var i = name.lowerBound + 5
            if text.equal(i..<name.upperBound, "smtpservers") {
                if Self.wins(statement, over: serverList.map { statements[$0] }) { serverList = index }
                continue
            }
            let root: ServerRoot
            if text.hasPrefix("smtpserver.", at: i, before: name.upperBound) {
                (root, i) = (.outgoing, i + 11)
            } else if text.hasPrefix("server.", at: i, before: name.upperBound) {
                (root, i) = (.incoming, i + 7)
            } else {
                continue
            }
            guard let dot = text.firstIndex(of: UInt8(ascii: "."), in: i..<name.upperBound), dot > i else { continue }
            let attribute = ServerAttribute(text, dot + 1..<name.upperBound)
            if root == .outgoing {
                recent.outgoing = Self.record(index, key: i..<dot, attribute, in: &outgoing, recent: recent.outgoing, text, statements)
            } else {
                recent.incoming = Self.record(index, key: i..<dot, attribute, in: &incoming, recent: recent.incoming, text, statements)
            }
        }
        if let list = serverList.flatMap({ statements[$0].value.string }) {
            serverListValue = list.escaped ? self.text.append(resolved: text.resolved(list)) : list.body
        }
    }

    /// Adds statement `index` to the branch of `key` (made if new); returns that branch's index.
    private static func record(
        _ index: Int, key: Range<Int>, _ attribute: ServerAttribute?, in branches: inout [PrefBranch], recent: Int,
        _ text: PrefText, _ statements: [PrefStatement]
    ) -> Int {
        var b = recent
        if b >= branches.count || !text.equal(branches[b].key, key) {
            b = branches.firstIndex { text.equal($0.key, key) } ?? branches.count
            if b == branches.count { branches.append(PrefBranch(key: key, last: index)) }
        }
        branches[b].last = index
        if let attribute, wins(statements[index], over: branches[b].winner(attribute).map { statements[$0] }) {
            branches[b].winners[attribute.rawValue] = index
        }
        return b
    }

    private static func wins(_ statement: PrefStatement, over current: PrefStatement?) -> Bool {
        guard let current else { return true }
        return statement.spec.rank >= current.spec.rank
    }

    func branches(_ root: ServerRoot) -> [PrefBranch] { root == .outgoing ? outgoing : incoming }

    /// The branch `<root>.<key>.`, nil when the file sets nothing under it. A key with a dot
    /// (possible in `mail.smtpservers`) is not one of the branches found by the first dot, so
    /// its statements are looked for one by one.
    func branch(_ root: ServerRoot, key: Range<Int>) -> PrefBranch? {
        guard text.firstIndex(of: UInt8(ascii: "."), in: key) != nil else {
            return branches(root).first { text.equal($0.key, key) }
        }
        var found: PrefBranch?
        for (index, statement) in statements.enumerated() {
            let name = statement.name
            let keyStart = name.lowerBound + root.prefix.utf8CodeUnitCount
            let attributeStart = keyStart + key.count + 1
            guard text.hasPrefix(root.prefix, at: name.lowerBound, before: name.upperBound),
                attributeStart <= name.upperBound, text.equal(keyStart..<attributeStart - 1, key),
                text.bytes[attributeStart - 1] == UInt8(ascii: ".")
            else { continue }
            if found == nil { found = PrefBranch(key: key, last: index) }
            found?.last = index
            if let attribute = ServerAttribute(text, attributeStart..<name.upperBound),
                Self.wins(statement, over: found?.winner(attribute).map { statements[$0] }) {
                found?.winners[attribute.rawValue] = index
            }
        }
        return found
    }

    /// The `<root>.default.` branch.
    func defaultBranch(_ root: ServerRoot) -> PrefBranch? {
        branches(root).first { text.equal($0.key, "default") }
    }
}

/// `mail.smtpserver` (outgoing servers) or `mail.server` (incoming).
enum ServerRoot: Sendable {
    case outgoing, incoming

    var name: String { self == .outgoing ? "mail.smtpserver" : "mail.server" }
    var prefix: StaticString { self == .outgoing ? "mail.smtpserver." : "mail.server." }
}

/// The statements of one server branch `<root>.<key>.*`.
struct PrefBranch: Sendable {
    /// The key's bytes in the `PrefText`.
    let key: Range<Int>
    /// Index of the branch's last statement.
    var last: Int
    /// Per `ServerAttribute`, the index of its winning statement, -1 for none.
    var winners = [Int](repeating: -1, count: ServerAttribute.count)

    init(key: Range<Int>, last: Int) {
        self.key = key
        self.last = last
    }

    func winner(_ attribute: ServerAttribute) -> Int? {
        let index = winners[attribute.rawValue]
        return index < 0 ? nil : index
    }
}

/// The preferences of a server branch that the readers use.
enum ServerAttribute: Int, Sendable, CaseIterable {
    case type, hostname, port, trySSL, socketType, isSecure, userName, username, authMethod, name, description

    var spelling: StaticString {
        switch self {
        case .type: "type"
        case .hostname: "hostname"
        case .port: "port"
        case .trySSL: "try_ssl"
        case .socketType: "socketType"
        case .isSecure: "isSecure"
        case .userName: "userName"
        case .username: "username"
        case .authMethod: "authMethod"
        case .name: "name"
        case .description: "description"
        }
    }

    /// The attribute spelled by the bytes at `range`, if the readers use it.
    init?(_ text: PrefText, _ range: Range<Int>) {
        for raw in 0..<Self.count {
            let attribute = ServerAttribute(rawValue: raw)!
            if text.equal(range, attribute.spelling) {
                self = attribute
                return
            }
        }
        return nil
    }

    static let count = description.rawValue + 1
}
