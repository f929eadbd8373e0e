import MailTLSCore

/// Finds the outgoing servers: every key in `mail.smtpservers` and every `mail.smtpserver.<key>.*`
/// branch, except those whose `.type` names another kind of outgoing server (EWS).
enum SMTPServerReader {
    static func read(_ table: PrefTable, in file: TextFile) throws(InputError) -> [(ServerEntry, ServerPlan)] {
        let listStatement = table["mail.smtpservers"]
        var keys: [String] = []
        if let listStatement {
            guard let list = listStatement.value.string else {
                throw InputError(.invalidValue, "line \(listStatement.line): mail.smtpservers must be a string")
            }
            keys = list.split(separator: ",").map { $0.trimmingSpaces }.filter { !$0.isEmpty && $0 != "default" }
        }
        for key in table.keys(under: "mail.smtpserver.") where !keys.contains(key) { keys.append(key) }
        var seen = Set<String>()
        keys = keys.filter { seen.insert($0).inserted }

        var servers: [(ServerEntry, ServerPlan)] = []
        for key in keys {
            let branch = ServerBranch(table: table, root: "mail.smtpserver", key: key)
            // Thunderbird assumes "smtp" when `.type` is missing; any other type is not SMTP.
            if let type = branch.own("type"), type.value != .string("smtp") { continue }
            guard let anchor = branch.anchorIndex.map({ table.statements[$0] }) ?? listStatement else { continue }
            servers.append(try server(branch, anchor: anchor, in: file))
        }
        return servers
    }

    private static func server(_ branch: ServerBranch, anchor: PrefStatement, in file: TextFile) throws(InputError) -> (ServerEntry, ServerPlan) {
        let trySSL = try branch.socketType("try_ssl")
        let socketType = trySSL?.value ?? 0
        let ownPort = branch.own("port")
        let filePort = try branch.port()
        // rules §2: with no port, 465 for implicit TLS (3), else 25.
        let port = filePort?.value ?? (socketType == 3 ? 465 : 25)

        var details: [ServerEntry.Detail] = []
        details.append(.init("try_ssl", ServerBranch.describe(trySSL, default: "0 (not set)")))
        if let portDetail = ServerBranch.describePort(filePort, own: ownPort, effective: port) { details.append(.init("port", portDetail)) }
        if let username = branch.ownString("username"), !username.isEmpty { details.append(.init("username", username)) }
        if let auth = try branch.integer("authMethod") { details.append(.init("authMethod", ServerBranch.authMethodName(auth.value))) }
        if let type = branch.ownString("type") { details.append(.init("type", type)) }

        let description = branch.ownString("description") ?? ""
        let entry = ServerEntry(
            account: description.isEmpty ? branch.key : "\(branch.key) (\(description))",
            proto: .smtp,
            host: branch.ownString("hostname"),
            port: port,
            portLocation: ownPort.map { file.byteRange($0.valueToken.range) },
            security: ServerBranch.security(forSocketType: socketType),
            securityLocation: trySSL.map { file.byteRange($0.statement.valueToken.range) },
            details: details)
        let plan = ServerPlan(
            prefix: branch.prefix, securityAttribute: "try_ssl",
            ownSecurity: trySSL.flatMap { $0.inherited ? nil : $0.statement },
            socketType: socketType, ownPort: ownPort, anchor: anchor)
        return (entry, plan)
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
