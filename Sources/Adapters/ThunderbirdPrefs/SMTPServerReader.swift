import MailTLSCore

/// Finds the outgoing servers: every key in `mail.smtpservers` and every `mail.smtpserver.<key>.*`
/// branch, except those whose `.type` names another kind of outgoing server (EWS).
enum SMTPServerReader {
    static func read(_ table: PrefTable) throws(InputError) -> [(ServerEntry, ServerPlan)] {
        let text = table.text
        let listStatement = table.serverList.map { table.statements[$0] }
        var keys: [Range<Int>] = []
        if let listStatement {
            guard let list = table.serverListValue else {
                throw InputError(.invalidValue, "line \(listStatement.line): mail.smtpservers must be a string")
            }
            keys = listedKeys(list, in: text)
        }
        for branch in table.outgoing where !text.equal(branch.key, "default") { keys.append(branch.key) }
        var unique: [Range<Int>] = []
        for key in keys where !unique.contains(where: { text.equal($0, key) }) { unique.append(key) }

        var servers: [(ServerEntry, ServerPlan)] = []
        for key in unique {
            let branch = ServerBranch(table: table, root: .outgoing, key: key)
            // Thunderbird assumes "smtp" when `.type` is missing; any other type is not SMTP.
            if branch.own(.type) != nil, !branch.own(.type, is: "smtp") { continue }
            guard let anchor = branch.anchorIndex.map({ table.statements[$0] }) ?? listStatement else { continue }
            servers.append(try server(branch, anchor: anchor))
        }
        return servers
    }

    /// The keys of the comma-separated list at `list`, blanks around them dropped, without
    /// empty ones and `default`.
    private static func listedKeys(_ list: Range<Int>, in text: PrefText) -> [Range<Int>] {
        var keys: [Range<Int>] = []
        var start = list.lowerBound
        while start <= list.upperBound {
            let comma = text.firstIndex(of: UInt8(ascii: ","), in: start..<list.upperBound) ?? list.upperBound
            var (lower, upper) = (start, comma)
            while lower < upper, text.bytes[lower] == 0x20 || text.bytes[lower] == 0x09 { lower += 1 }
            while upper > lower, text.bytes[upper - 1] == 0x20 || text.bytes[upper - 1] == 0x09 { upper -= 1 }
            if lower < upper, !text.equal(lower..<upper, "default") { keys.append(lower..<upper) }
            start = comma + 1
        }
        return keys
    }

    private static func server(_ branch: ServerBranch, anchor: PrefStatement) throws(InputError) -> (ServerEntry, ServerPlan) {
        let text = branch.table.text
        let trySSL = try branch.socketType(.trySSL)
        let socketType = trySSL?.value ?? 0
        let ownPort = branch.own(.port)
        let filePort = try branch.port()
        // rules §2: with no port, 465 for implicit TLS (3), else 25.
        let port = filePort?.value ?? (socketType == 3 ? 465 : 25)

        var details: [ServerEntry.Detail] = []
        details.append(.init("try_ssl", branch.describe(trySSL, default: "0 (not set)")))
        if let portDetail = branch.describePort(filePort, own: ownPort, effective: port) { details.append(.init("port", portDetail)) }
        if let username = branch.ownString(.username), !username.isEmpty { details.append(.init("username", username)) }
        if let auth = try branch.integer(.authMethod) { details.append(.init("authMethod", ServerBranch.authMethodName(auth.value))) }
        if let type = branch.ownString(.type) { details.append(.init("type", type)) }

        let description = branch.ownString(.description) ?? ""
        let entry = ServerEntry(
            account: description.isEmpty ? branch.key : "\(branch.key) (\(description))",
            proto: .smtp,
            host: branch.ownString(.hostname),
            port: port,
            portLocation: ownPort.map { text.fileRange($0.valueToken) },
            security: ServerBranch.security(forSocketType: socketType),
            securityLocation: trySSL.map { text.fileRange($0.statement.valueToken) },
            details: details)
        let plan = ServerPlan(
            root: branch.root, key: branch.key, securityAttribute: .trySSL,
            ownSecurity: trySSL.flatMap { $0.inherited ? nil : $0.statement },
            socketType: socketType, ownPort: ownPort, anchor: anchor)
        return (entry, plan)
    }
}
