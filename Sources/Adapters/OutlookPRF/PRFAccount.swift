import MailTLSCore

/// The PRF keys of one protocol inside an `[AccountN]` section, and the property mapping each
/// key needs in the account type's section-7 block (outlook.md §1.2).
struct PRFServerKeys: Sendable {
    let proto: MailProtocol
    let server: String
    let port: String
    /// Four-way encryption key (0 none, 1 SSL, 2 TLS, 3 Auto), SMTP only.
    let secureConnection: String?
    /// Boolean SSL key.
    let useSSL: String
    /// The mapping line a newly inserted port key needs.
    let portMapping: String
    /// Other keys worth showing in `inspect`.
    let details: [String]

    static let smtp = PRFServerKeys(
        proto: .smtp, server: "SMTPServer", port: "SMTPPort", secureConnection: "SMTPSecureConnection",
        useSSL: "SMTPUseSSL", portMapping: "PT_LONG,0x0201", details: ["SMTPUseAuth", "SMTPAuthMethod", "SMTPUserName"])
    static let pop3 = PRFServerKeys(
        proto: .pop3, server: "POP3Server", port: "POP3Port", secureConnection: nil, useSSL: "POP3UseSSL",
        portMapping: "PT_LONG,0x0104", details: ["POP3UserName", "POP3UseSPA"])
    static let imap = PRFServerKeys(
        proto: .imap, server: "IMAPServer", port: "IMAPPort", secureConnection: nil, useSSL: "IMAPUseSSL",
        portMapping: "PT_LONG,0x0104", details: ["IMAPUserName", "IMAPUseSPA"])
}

/// One server of one account, with the PRF keys that decided its values.
struct PRFServer: Sendable {
    let section: INIFile.Section
    /// The mapping section for the account's type (`I_Mail`, `IMAP_I_Mail`), if named.
    let mappingSection: String?
    let keys: PRFServerKeys
    let port: INIFile.Key?
    /// The key that carries the encryption choice (SMTPSecureConnection, else the UseSSL key).
    let encryption: INIFile.Key?
    let entry: ServerEntry
}

/// Reads account semantics from an `INIFile`: which sections are accounts, and each account's
/// servers with their effective port and security (conversion-rules.md §2 row 1 and §5).
enum PRFAccounts {
    static func servers(in ini: INIFile) throws(InputError) -> [PRFServer] {
        // Accounts named in [Internet Account List], with their type (mapping section name).
        var accountTypes: [String: String] = [:]
        var order: [String] = []
        if let list = ini.section("Internet Account List") {
            for key in list.keys where accountTypes[key.name.lowercased()] == nil {
                accountTypes[key.name.lowercased()] = key.value
                order.append(key.name.lowercased())
            }
        }
        // Any other section holding a real SMTPServer value is an account too; mapping sections
        // (values `PT_...`) never are.
        let accountSections = ini.sections.filter { section in
            if accountTypes[section.name.lowercased()] != nil { return true }
            guard let server = section.first("SMTPServer") else { return false }
            return !server.value.uppercased().hasPrefix("PT_")
        }
        var servers: [PRFServer] = []
        for section in accountSections {
            let type = accountTypes[section.name.lowercased()]
            let label = section.first("AccountName")?.value.nonEmpty ?? section.name
            var protocols: [PRFServerKeys] = [.smtp]
            let typeName = type?.uppercased() ?? ""
            if typeName == "IMAP_I_MAIL" || section.first("IMAPServer") != nil { protocols.append(.imap) }
            if typeName == "I_MAIL" || section.first("POP3Server") != nil { protocols.append(.pop3) }
            for keys in protocols {
                guard keys.proto == .smtp || section.first(keys.server) != nil || section.first(keys.port) != nil else { continue }
                servers.append(try server(keys, in: section, label: label, mappingSection: type, in: ini))
            }
        }
        return servers
    }

    private static func server(
        _ keys: PRFServerKeys, in section: INIFile.Section, label: String, mappingSection: String?, in ini: INIFile
    ) throws(InputError) -> PRFServer {
        let portKey = section.first(keys.port)
        let port = try portKey.map { key throws(InputError) in try number(key) } ?? keys.proto.cleartextPort
        var security = Security.none
        var encryption: INIFile.Key?
        if let name = keys.secureConnection, let key = section.first(name) {
            encryption = key
            switch try number(key) {
            case 0: security = .none
            case 1: security = .fromSSLFlag(true, port: port, protocol: keys.proto)
            case 2: security = .starttls
            case 3: security = .auto
            default: throw InputError(.invalidValue, "line \(key.line.number): \(key.name)=\(key.value) is not 0-3")
            }
        } else if let key = section.first(keys.useSSL) {
            encryption = key
            security = .fromSSLFlag(try number(key) != 0, port: port, protocol: keys.proto)
        }
        var details: [ServerEntry.Detail] = [.init("section", section.name)]
        if let encryption { details.append(.init(encryption.name, encryption.value)) }
        for name in keys.details { if let key = section.first(name) { details.append(.init(key.name, key.value)) } }
        let entry = ServerEntry(
            account: label, proto: keys.proto, host: section.first(keys.server)?.value.nonEmpty,
            port: port, portLocation: portKey.map { ini.fileRange($0.valueRange) },
            security: security, securityLocation: encryption.map { ini.fileRange($0.valueRange) }, details: details)
        return PRFServer(section: section, mappingSection: mappingSection, keys: keys, port: portKey, encryption: encryption, entry: entry)
    }

    /// A PRF number: decimal, or `0x` hex as OCT writes flag values.
    static func number(_ key: INIFile.Key) throws(InputError) -> Int {
        let text = key.value
        let parsed = text.lowercased().hasPrefix("0x") ? Int(text.dropFirst(2), radix: 16) : Int(text)
        guard let value = parsed, value >= 0, value <= 0xFFFF_FFFF else {
            throw InputError(.invalidValue, "line \(key.line.number): \(key.name)=\(text) is not a number")
        }
        return value
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
