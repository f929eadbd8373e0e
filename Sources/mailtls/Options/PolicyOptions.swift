import ArgumentParser
import MailTLS

/// What to convert: the rule's ports, hosts and protocols.
struct PolicyOptions: ParsableArguments {
    @Option(name: .customLong("from-ports"), help: "SMTP ports that move to implicit TLS (comma-separated).")
    var fromPorts: String = "25,587"

    @Option(name: .customLong("to-port"), help: "The SMTP port they move to.")
    var toPort: Int = 465

    @Option(name: .customLong("server"), help: ArgumentHelp("Convert only servers whose host matches GLOB (* and ?, case-insensitive; repeatable).", valueName: "glob"))
    var servers: [String] = []

    @Option(name: .customLong("protocols"), help: "Protocols to convert: smtp, imap, pop3 (comma-separated). IMAP moves 143 -> 993, POP3 110 -> 995.")
    var protocols: String = "smtp"

    @Option(name: .customLong("format"), help: "Use this adapter instead of detecting the format (see 'mailtls adapters').")
    var format: String?

    @Option(name: .customLong("profile"), help: ArgumentHelp("Load a key-value profile from FILE (repeatable).", valueName: "file"))
    var profiles: [String] = []

    @Flag(name: .customLong("strip-signature"), help: "Convert signed files (signed .mobileconfig profiles) by writing them unsigned; without it they are refused.")
    var stripSignature = false

    func policy() throws -> ConversionPolicy {
        let ports = try fromPorts.split(separator: ",").map { part -> Int in
            guard let port = Int(part.trimmingCharacters(in: .whitespaces)), (1...65535).contains(port) else {
                throw ValidationError("--from-ports: '\(part)' is not a port number")
            }
            return port
        }
        guard (1...65535).contains(toPort) else { throw ValidationError("--to-port: \(toPort) is not a port number") }
        let selected = try protocols.split(separator: ",").map { part -> MailProtocol in
            guard let proto = MailProtocol(rawValue: part.trimmingCharacters(in: .whitespaces).lowercased()) else {
                throw ValidationError("--protocols: '\(part)' is not one of smtp, imap, pop3")
            }
            return proto
        }
        return ConversionPolicy(
            fromPorts: Set(ports), toPort: toPort, serverPatterns: servers.map(HostPattern.init), protocols: Set(selected))
    }
}
