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

    struct AdapterInfo: Encodable {
        var name: String
        var summary: String
        var patterns: [String]
    }

    func run() throws {
        let registry = try AdapterSetup.registry(profiles: profiles)
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
