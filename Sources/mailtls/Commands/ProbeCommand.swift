import ArgumentParser
import MailTLS

/// `mailtls probe HOST[:PORT]...`: the `--probe` check on its own, for an admin asking whether
/// a provider offers SMTP over implicit TLS (README, "Before you convert").
struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Check hosts for SMTP over implicit TLS: TCP, TLS with certificate verification, the SMTP 220 greeting.",
        discussion: """
            Prints one verdict per host: ok, certificate-name-mismatch (with the certificate's \
            names), certificate-untrusted, certificate-expired, not-tls (the port answers in \
            plaintext: STARTTLS only), not-smtp, refused, timeout, unresolved. The port defaults \
            to 465. Exit 0 when every host is ok, 1 otherwise.
            """
    )

    @Argument(help: ArgumentHelp("Hosts to probe, each HOST, HOST:PORT or [IPv6]:PORT.", valueName: "host[:port]"))
    var hosts: [String]

    @OptionGroup var probeOptions: ProbeOptions

    @Flag(name: .customLong("json"), help: "Print one JSON object per host on standard output.")
    var json = false

    func validate() throws {
        if hosts.isEmpty { throw ValidationError("name at least one host") }
        for host in hosts { _ = try Self.target(host) }
    }

    func run() throws {
        let targets = try hosts.map(Self.target)
        let results = try probeOptions.prober().probe(targets)
        for result in results {
            Console.out(json ? ReportRenderer.line(result) + "\n" : result.summary + "\n")
        }
        if results.contains(where: { $0.verdict != .ok }) { throw ExitCode(1) }
    }

    /// Parses `HOST`, `HOST:PORT` or `[IPv6]:PORT` (port 465 when absent).
    static func target(_ text: String) throws -> ProbeTarget {
        var host = text, port = 465
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let value = Int(rest.dropFirst()) else { throw ValidationError("'\(text)': expected [IPv6]:PORT") }
                port = value
            }
        } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
            host = String(text[..<colon])
            guard let value = Int(text[text.index(after: colon)...]) else { throw ValidationError("'\(text)': port is not a number") }
            port = value
        }
        guard !host.isEmpty else { throw ValidationError("'\(text)': no host name") }
        guard (1...65535).contains(port) else { throw ValidationError("'\(text)': \(port) is not a port number") }
        return ProbeTarget(host: host, port: port)
    }
}
