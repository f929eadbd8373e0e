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
        if let endpoint = server.endpoint { return endpointEntry(server, endpoint, in: block) }
        let hasKey = server.host.map { resolver.lookup($0, for: block) != nil } ?? false
            || server.port.key.map { resolver.lookup($0, for: block) != nil } ?? false
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
        if let (number, at, why) = portKey(server, in: block, what) {
            port = number ?? port
            portLocation = at
            unknown = why
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

    /// The port key's value where it counts: the port and its place, or why it is not a port.
    private func portKey(_ server: ServerSpec, in block: Int, _ what: () -> String) -> (Int?, Range<Int>?, String?)? {
        guard let key = server.port.key, holds(server.port.onlyIf, in: block), let found = resolver.lookup(key, for: block),
              let setting = found.setting else { return nil }
        let written = found.value.trimmingBlanks
        if let number = Int(written), (1...65535).contains(number) { return (number, location(of: setting), nil) }
        let place = "line \(file.lines[setting.line].number): \(setting.key) '\(written)'"
        return (nil, nil, Int(written) == nil ? "\(place) is not a number (\(what()))" : "\(place) is not a port, 1-65535 (\(what()))")
    }

    /// An entry whose server is one endpoint value: there is an entry exactly when the
    /// endpoint key is set (security keys alone, such as Postfix's TLS level without a
    /// `relayhost`, describe no server). Its scheme is the condition key `@scheme` in rules.
    private func endpointEntry(_ server: ServerSpec, _ endpoint: EndpointSpec, in block: Int) -> Found {
        guard let found = resolver.lookup(endpoint.key, for: block), let setting = found.setting, let value = setting.value,
              !value.text.trimmingBlanks.isEmpty else { return .none }
        let account = label(server, block)
        // Messages are made only when needed (most entries have none).
        func what() -> String { "\(server.proto.rawValue.uppercased()) entry '\(account)'" }
        let line = file.lines[setting.line]
        func place() -> String { "line \(line.number): \(setting.key)" }
        if value.text.hasPrefix("/") {
            return .leftOut("\(what()): \(setting.key) '\(value.text)' is a program, not a server: left as is")
        }
        guard let url = EndpointValue.read(value, in: line) else {
            // The value may hold a password in its user part: quoted only when it has none.
            let shown = value.text.contains("@") ? "" : " '\(value.text)'"
            return .leftOut("\(place())\(shown) is not an endpoint (scheme://host:port or host:port): \(what()) left as is")
        }
        var unknown: String?
        let schemeDefault = endpoint.defaultPort(url.scheme)
        if schemeDefault == nil {
            unknown = url.writtenScheme.map { "\(place()): scheme '\($0)' is not one this profile knows (\(what()))" }
                ?? "\(place()): '\(url.host)' has no scheme (\(what()))"
        } else if endpoint.requireBrackets, !url.url.isBracketed {
            unknown = "\(place()): '\(url.host)' without brackets names a mail domain (MX lookup), not one server; write [\(url.host)] to name the server (\(what()))"
        }

        var port = schemeDefault ?? server.port.defaultPort
        var portLocation: Range<Int>?
        if let written = url.writtenPort, let range = url.port {
            if let number = url.url.portNumber {
                port = number
                portLocation = line.bytes(range, in: file.text)
                if let (other, _, _) = portKey(server, in: block, what), let other, other != number, unknown == nil {
                    unknown = "\(place()): port \(number) and \(server.port.key ?? "") \(other) differ (\(what()))"
                }
            } else if unknown == nil {
                unknown = "\(place()): port '\(written)' is not a number in 1-65535 (\(what()))"
            }
        } else if let (number, at, why) = portKey(server, in: block, what) {
            port = number ?? port
            portLocation = at
            unknown = unknown ?? why
        }

        let virtual = [EndpointSpec.schemeKey: url.scheme]
        let kind = profile.sections[file.blocks[block].kind].kind
        let rule = server.security.rules.first { rule in
            (rule.section == nil || rule.section == kind) && holds(rule.conditions, in: block, virtual)
        }
        let securityClass = schemeDefault == nil ? .none : rule?.result ?? server.security.otherwise
        let securityLocation = server.security.keys.lazy.compactMap { resolver.lookup($0, for: block)?.setting }.first.flatMap(location)
            ?? url.schemeRange.map { line.bytes($0, in: file.text) }
        return .entry(ServerEntry(
            account: account, proto: server.proto, host: url.host, port: port, portLocation: portLocation,
            security: security(securityClass, port: port, proto: server.proto), securityLocation: securityLocation,
            details: details(block), unknownValue: unknown))
    }

    private func holds(_ conditions: [Condition], in block: Int, _ virtual: [String: String?] = [:]) -> Bool {
        conditions.allSatisfy { condition in
            if let value = virtual[condition.key] { return condition.holds(for: value) }
            return condition.holds(for: resolver.lookup(condition.key, for: block)?.value)
        }
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
