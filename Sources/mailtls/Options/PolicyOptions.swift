import ArgumentParser
import MailTLS

/// What to convert: the rule's ports, hosts and protocols.
struct PolicyOptions: ParsableArguments {
    // `.unconditional`: a value such as "-5" is this option's (bad) value, not another option.
    @Option(name: .customLong("from-ports"), parsing: .unconditional, help: "SMTP ports that move to implicit TLS (comma-separated).")
    var fromPorts: String = "25,587"

    @Option(name: .customLong("to-port"), parsing: .unconditional, help: "The SMTP port they move to.")
    var toPort: Int = 465

    @Option(name: .customLong("server"), help: ArgumentHelp("Convert only servers whose host matches GLOB (* and ?, case-insensitive; repeatable).", valueName: "glob"))
    var servers: [String] = []

    @Option(name: .customLong("protocols"), help: "Protocols to convert: smtp, imap, pop3 (comma-separated). IMAP moves 143 -> 993, POP3 110 -> 995.", completion: .list(["smtp", "imap", "pop3", "smtp,imap,pop3"]))
    var protocols: String = "smtp"

    @Option(name: .customLong("format"), help: "Use this adapter instead of detecting the format (see 'mailtls adapters').", completion: .list(FormatNames.builtIn))
    var format: String?

    @Option(name: .customLong("profile"), help: ArgumentHelp("Load a key-value profile from FILE (repeatable).", valueName: "file"), completion: .file(extensions: ["json"]))
    var profiles: [String] = []

    @Flag(name: .customLong("strip-signature"), help: "Convert signed files (signed .mobileconfig profiles) by writing them unsigned; without it they are refused.")
    var stripSignature = false

    /// Checks the rule's options, and that `--profile` files load and `--format` names an
    /// adapter, before the run (a usage error, with the subcommand's usage line).
    func validate() throws {
        _ = try policy()
        guard format != nil || !profiles.isEmpty else { return }
        let registry = try AdapterSetup.checkedRegistry(profiles: profiles, stripSignatures: stripSignature)
        if let format, registry.adapter(named: format) == nil {
            throw ValidationError("--format: unknown format '\(format)' (see 'mailtls adapters')")
        }
    }

    /// A list item without the spaces and tabs around it (`--from-ports "25, 587"`).
    static func trimmed(_ part: Substring) -> String {
        func isSpace(_ c: Character) -> Bool {
            c == "\t" || c.unicodeScalars.allSatisfy { $0.properties.generalCategory == .spaceSeparator }
        }
        guard let first = part.firstIndex(where: { !isSpace($0) }), let last = part.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(part[first...last])
    }

    func policy() throws -> ConversionPolicy {
        let ports = try fromPorts.split(separator: ",", omittingEmptySubsequences: false).map { part -> Int in
            guard let port = Int(Self.trimmed(part)), (1...65535).contains(port) else {
                throw ValidationError("--from-ports: '\(part)' is not a port (1 to 65535)")
            }
            return port
        }
        guard (1...65535).contains(toPort) else { throw ValidationError("--to-port: \(toPort) is not a port (1 to 65535)") }
        if ports.contains(toPort) { throw ValidationError("--to-port: \(toPort) is one of --from-ports (\(fromPorts))") }
        let selected = try protocols.split(separator: ",").map { part -> MailProtocol in
            guard let proto = MailProtocol(rawValue: Self.trimmed(part).lowercased()) else {
                throw ValidationError("--protocols: '\(part)' is not one of smtp, imap, pop3")
            }
            return proto
        }
        return ConversionPolicy(
            fromPorts: Set(ports), toPort: toPort, serverPatterns: servers.map(HostPattern.init), protocols: Set(selected))
    }
}
