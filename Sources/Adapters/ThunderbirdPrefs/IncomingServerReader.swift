import MailTLSCore

/// Finds the incoming IMAP and POP3 servers, `mail.server.<key>.*` with `.type` `imap` or
/// `pop3`. Other types (Local Folders `none`, `rss`, `nntp`, `ews`) are not mail servers this
/// tool moves.
enum IncomingServerReader {
    static func read(_ table: PrefTable) throws(InputError) -> [(ServerEntry, ServerPlan)] {
        var servers: [(ServerEntry, ServerPlan)] = []
        for key in table.incoming where !table.text.equal(key.key, "default") {
            let branch = ServerBranch(table: table, root: .incoming, key: key.key)
            let proto: MailProtocol
            if branch.own(.type, is: "imap") {
                proto = .imap
            } else if branch.own(.type, is: "pop3") {
                proto = .pop3
            } else {
                continue
            }
            guard let anchor = branch.anchorIndex.map({ table.statements[$0] }) else { continue }
            servers.append(try server(branch, proto: proto, anchor: anchor))
        }
        return servers
    }

    private static func server(_ branch: ServerBranch, proto: MailProtocol, anchor: PrefStatement) throws(InputError) -> (ServerEntry, ServerPlan) {
        let text = branch.table.text
        // Thunderbird: an unset socketType reads the old boolean `isSecure` (true = SSL) before
        // falling back to the default branch.
        let socket: ServerBranch.Found?
        let socketType: Int
        let securitySource: String
        if branch.own(.socketType) == nil, branch.own(.isSecure)?.value == .boolean(true) {
            (socket, socketType, securitySource) = (nil, 3, "3 (from isSecure)")
        } else {
            socket = try branch.socketType(.socketType)
            socketType = socket?.value ?? 0
            securitySource = branch.describe(socket, default: "0 (not set)")
        }
        let ownPort = branch.own(.port)
        let filePort = try branch.port()
        let port = filePort?.value ?? (socketType == 3 ? proto.implicitTLSPort : proto.cleartextPort)

        var details: [ServerEntry.Detail] = [.init("socketType", securitySource)]
        if let portDetail = branch.describePort(filePort, own: ownPort, effective: port) {
            details.append(.init("port", portDetail))
        }
        if let username = branch.ownString(.userName), !username.isEmpty { details.append(.init("username", username)) }
        if let auth = try branch.integer(.authMethod) { details.append(.init("authMethod", ServerBranch.authMethodName(auth.value))) }

        let name = branch.ownString(.name) ?? ""
        let entry = ServerEntry(
            account: name.isEmpty ? branch.key : "\(branch.key) (\(name))",
            proto: proto,
            host: branch.ownString(.hostname),
            port: port,
            portLocation: ownPort.map { text.fileRange($0.valueToken) },
            security: ServerBranch.security(forSocketType: socketType),
            securityLocation: socket.map { text.fileRange($0.statement.valueToken) },
            details: details)
        let plan = ServerPlan(
            root: branch.root, key: branch.key, securityAttribute: .socketType,
            ownSecurity: socket.flatMap { $0.inherited ? nil : $0.statement },
            socketType: socketType, ownPort: ownPort, anchor: anchor)
        return (entry, plan)
    }
}
