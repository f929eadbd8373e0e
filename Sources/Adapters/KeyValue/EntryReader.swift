import MailTLSCore

/// Where an entry came from: its account block and the profile's server description.
struct EntryOrigin: Sendable {
    let block: Int
    let server: Int
}

/// Turns account blocks into server entries with the profile's rules.
struct EntryReader {
    let profile: Profile
    let file: ParsedFile
    let resolver: SettingResolver

    /// The entries, and warnings for account blocks that are no entry (rules §7: the entry,
    /// not the file): a block whose host is missing or is a program path. Neither can change
    /// by a conversion, which never writes a host. An entry whose port value is not a port is
    /// still an entry, carrying that as its `unknownValue` (the policy leaves it as is, quoting
    /// the value): a conversion can write a port that it inherits (msmtp `account b : a`), and
    /// the verifying re-scan must then still see the same entries.
    func read() -> (entries: [ServerEntry], origins: [EntryOrigin], warnings: [String]) {
        var entries: [ServerEntry] = []
        var origins: [EntryOrigin] = []
        var warnings: [String] = []
        for (blockIndex, block) in file.blocks.enumerated() where block.role.isAccount {
            for (serverIndex, server) in profile.servers.enumerated() {
                switch entry(server, in: blockIndex) {
                case .none: continue
                case .leftOut(let why): warnings.append(why)
                case .entry(let entry):
                    entries.append(entry)
                    origins.append(EntryOrigin(block: blockIndex, server: serverIndex))
                }
            }
        }
        return (entries, origins, warnings)
    }

    private enum Found {
        case none
        case entry(ServerEntry)
        /// No entry mailtls can convert; the warning says why, quoting the value.
        case leftOut(String)
    }

    /// The entry `server` describes in `block`, or none when the block sets none of its keys
    /// (not even by inheritance).
    private func entry(_ server: ServerSpec, in block: Int) -> Found {
        guard holds(server.onlyIf, in: block) else { return .none }
        let hasKey = server.host.map { resolver.lookup($0, for: block) != nil } ?? false
            || resolver.lookup(server.port.key, for: block) != nil
            || server.security.keys.contains { resolver.lookup($0, for: block) != nil }
        guard hasKey else { return .none }

        let kind = profile.sections[file.blocks[block].kind].kind
        let rule = server.security.rules.first { rule in
            (rule.section == nil || rule.section == kind) && holds(rule.conditions, in: block)
        }
        let securityClass = rule?.result ?? server.security.otherwise
        let account = label(server, block)
        func what() -> String { "\(server.proto.rawValue.uppercased()) entry '\(account)'" }

        var port = securityClass == .tls ? server.port.defaultTLS ?? server.port.defaultPort : server.port.defaultPort
        var portLocation: Range<Int>?
        var unknown: String?
        if holds(server.port.onlyIf, in: block), let found = resolver.lookup(server.port.key, for: block), let setting = found.setting {
            let written = found.value.trimmingBlanks
            let place = "line \(file.lines[setting.line].number): \(setting.key) '\(written)'"
            if let number = Int(written), (1...65535).contains(number) {
                port = number
                portLocation = location(of: setting)
            } else {
                unknown = Int(written) == nil ? "\(place) is not a number (\(what()))" : "\(place) is not a port, 1-65535 (\(what()))"
            }
        }

        if securityClass == .unknown, unknown == nil {
            // Quote the value the matching rule tested (else the first security key set).
            let keys = (rule?.conditions.map(\.key) ?? []) + server.security.keys
            if let setting = keys.lazy.compactMap({ resolver.lookup($0, for: block)?.setting }).first {
                let written = setting.value?.text.trimmingBlanks ?? ""
                unknown = "line \(file.lines[setting.line].number): \(setting.key) '\(written)' is not a value this profile knows (\(what()))"
            } else {
                unknown = "\(what()): security setting not understood"
            }
        }

        let host = server.host.flatMap { resolver.lookup($0, for: block)?.value.trimmingBlanks }.flatMap { $0.isEmpty ? nil : $0 }
        if let hostKey = server.host {
            guard let host else { return .leftOut("\(what()) has no \(hostKey): left as is") }
            if host.hasPrefix("/") {
                return .leftOut("\(what()): \(hostKey) '\(host)' is a program, not a server: left as is")
            }
        }
        let securityLocation = server.security.keys.lazy.compactMap { resolver.lookup($0, for: block)?.setting }.first.flatMap(location)
        return .entry(ServerEntry(
            account: account, proto: server.proto, host: host, port: port, portLocation: portLocation,
            security: security(securityClass, port: port, proto: server.proto), securityLocation: securityLocation,
            details: details(block), unknownValue: unknown))
    }

    private func holds(_ conditions: [Condition], in block: Int) -> Bool {
        conditions.allSatisfy { $0.holds(for: resolver.lookup($0.key, for: block)?.value) }
    }

    private func security(_ value: SecurityClass, port: Int, proto: MailProtocol) -> Security {
        switch value {
        case .none: .none
        case .starttls: .starttls
        case .starttlsOptional: .starttlsOptional
        case .auto: .auto
        case .tls: .tls
        case .sslFlag: Security.fromSSLFlag(true, port: port, protocol: proto)
        case .unknown: .none
        }
    }

    private func location(of setting: Setting) -> Range<Int>? {
        setting.value.map { file.lines[setting.line].bytes($0.raw, in: file.text) }
    }

    private func label(_ server: ServerSpec, _ block: Int) -> String {
        if let key = server.label, let value = resolver.lookup(key, for: block)?.value.trimmingBlanks, !value.isEmpty {
            return value
        }
        let current = file.blocks[block]
        return current.name ?? current.title
    }

    private func details(_ block: Int) -> [ServerEntry.Detail] {
        profile.details.compactMap { key in
            resolver.lookup(key, for: block).map { ServerEntry.Detail(key, $0.value) }
        }
    }
}
