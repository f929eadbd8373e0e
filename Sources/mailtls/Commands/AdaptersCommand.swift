import ArgumentParser
import MailTLS

struct AdaptersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adapters",
        abstract: "List the formats mailtls reads (built-in adapters and loaded profiles)."
    )

    @Option(name: .customLong("profile"), help: ArgumentHelp("Also load a key-value profile from FILE (repeatable).", valueName: "file"), completion: .file(extensions: ["json"]))
    var profiles: [String] = []

    @Flag(name: .customLong("json"), help: "Print one JSON object per adapter.")
    var json = false

    @Option(
        name: .customLong("show"),
        help: ArgumentHelp(
            "Print the JSON of the key-value profile NAME as it is loaded, to start a profile of your own from (docs/profiles.md).",
            valueName: "name"),
        completion: .list(FormatNames.builtIn))
    var show: String?

    struct AdapterInfo: Encodable {
        var name: String
        var summary: String
        var patterns: [String]
    }

    func run() throws {
        let registry = try AdapterSetup.registry(profiles: profiles)
        if let show {
            guard let adapter = registry.adapter(named: show) else {
                Console.errorLine("mailtls: no format named '\(show)' (see 'mailtls adapters')")
                throw ExitCode(64)
            }
            guard let definition = adapter.definition else {
                Console.errorLine("mailtls: '\(show)' is a compiled adapter, not a key-value profile: there is no JSON to show")
                throw ExitCode(64)
            }
            Console.outBytes(definition)
            return
        }
        let width = registry.adapters.map(\.name.count).max() ?? 0
        for adapter in registry.adapters {
            if json {
                Console.out(ReportRenderer.line(AdapterInfo(name: adapter.name, summary: adapter.summary, patterns: adapter.filePatterns)) + "\n")
            } else {
                let padding = String(repeating: " ", count: width - adapter.name.count)
                Console.out("\(adapter.name)\(padding)  \(adapter.summary)  [\(adapter.filePatterns.joined(separator: " "))]\n")
            }
        }
    }
}
