// Unit checks for the new-adapter plugin's pure logic (names, the Package.swift list edit, the
// templates). A plugin target cannot be imported by a test target, so scripts/ci-scaffold.sh
// compiles this file together with the plugin's sources that do not import PackagePlugin:
//
//   swiftc -parse-as-library scripts/scaffold/ScaffoldLogicChecks.swift \
//       Plugins/NewAdapterCommand/{ScaffoldRequest,AdapterListEditor,ScaffoldTemplates}.swift
//
// Prints one line per failed check and exits 1 when any failed.
import Foundation

@main
struct ScaffoldLogicChecks {
    nonisolated(unsafe) static var failures = 0
    nonisolated(unsafe) static var checks = 0

    static func check(_ condition: Bool, _ what: String) {
        checks += 1
        if !condition {
            failures += 1
            print("FAIL: \(what)")
        }
    }

    static func rejects(_ what: String, _ body: () throws -> Void) {
        do {
            try body()
            check(false, "\(what) should be rejected")
        } catch let error as ScaffoldError {
            check(!error.description.isEmpty, "\(what): error has a message")
        } catch {
            check(false, "\(what): unexpected error \(error)")
        }
    }

    static let manifest = """
        // swift-tools-version:6.1
        import PackageDescription

        /// The client adapters.
        let adapters: [(name: String, resources: [String])] = [
            ("KeyValue", ["msmtp.json"]),
            ("OutlookPRF", []),
        ]

        let package = Package(name: "x", targets: [])

        """

    static func main() {
        // Kebab-case of module names.
        for (name, kebab) in [("Becky", "becky"), ("OutlookPRF", "outlook-prf"), ("SSMTP", "ssmtp"),
                              ("ClawsMail3", "claws-mail3"), ("PRFFile", "prf-file"), ("ThunderbirdPrefs", "thunderbird-prefs")] {
            check(ScaffoldRequest.kebabCase(name) == kebab, "kebabCase(\(name)) == \(kebab), got \(ScaffoldRequest.kebabCase(name))")
        }

        // Request validation.
        do {
            let request = try ScaffoldRequest(name: "Becky", fileExtension: "*.ini", adapterName: nil)
            check(request.adapterName == "becky" && request.filePattern == "*.ini", "Becky/*.ini accepted as becky, *.ini")
            let dotted = try ScaffoldRequest(name: "Sylpheed", fileExtension: ".rc", adapterName: "sylpheed-accountrc")
            check(dotted.filePattern == "*.rc" && dotted.adapterName == "sylpheed-accountrc", "explicit --adapter-name kept")
        } catch {
            check(false, "valid requests accepted: \(error)")
        }
        rejects("lowercase --name") { _ = try ScaffoldRequest(name: "becky", fileExtension: "ini", adapterName: nil) }
        rejects("--name with a hyphen") { _ = try ScaffoldRequest(name: "Becky-Two", fileExtension: "ini", adapterName: nil) }
        rejects("non-ASCII --name") { _ = try ScaffoldRequest(name: "Bécky", fileExtension: "ini", adapterName: nil) }
        rejects("missing --name") { _ = try ScaffoldRequest(name: nil, fileExtension: "ini", adapterName: nil) }
        rejects("missing --extension") { _ = try ScaffoldRequest(name: "Becky", fileExtension: nil, adapterName: nil) }
        rejects("--extension with a blank") { _ = try ScaffoldRequest(name: "Becky", fileExtension: "in i", adapterName: nil) }
        rejects("--extension of only *.") { _ = try ScaffoldRequest(name: "Becky", fileExtension: "*.", adapterName: nil) }
        rejects("--adapter-name with uppercase") { _ = try ScaffoldRequest(name: "Becky", fileExtension: "ini", adapterName: "Becky") }
        rejects("--adapter-name ending in a hyphen") { _ = try ScaffoldRequest(name: "Becky", fileExtension: "ini", adapterName: "becky-") }

        // The adapter list edit.
        do {
            let editor = AdapterListEditor(manifest: manifest)
            check(try editor.listedModules() == ["KeyValue", "OutlookPRF"], "listed modules read")
            let middle = try editor.adding("Becky")
            check(middle == manifest.replacingFirst("    (\"KeyValue\"", with: "    (\"Becky\", []),\n    (\"KeyValue\""),
                  "Becky inserted first, nothing else changed")
            let last = try editor.adding("Thunderbird")
            check(last == manifest.replacingFirst("    (\"OutlookPRF\", []),\n", with: "    (\"OutlookPRF\", []),\n    (\"Thunderbird\", []),\n"),
                  "Thunderbird appended after the last entry")
            let between = try editor.adding("Msmtp")
            check(try AdapterListEditor(manifest: between).listedModules() == ["KeyValue", "Msmtp", "OutlookPRF"], "Msmtp in sorted position")
            let empty = manifest.replacingFirst("    (\"KeyValue\", [\"msmtp.json\"]),\n    (\"OutlookPRF\", []),\n", with: "")
            check(try AdapterListEditor(manifest: AdapterListEditor(manifest: empty).adding("Becky")).listedModules() == ["Becky"],
                  "first entry of an empty list")
            let multiLine = manifest.replacingFirst("(\"OutlookPRF\", []),", with: "(\"OutlookPRF\", [\n        \"a.json\",\n    ]),")
            check(try AdapterListEditor(manifest: multiLine).adding("Zimbra")
                  == multiLine.replacingFirst("    ]),\n]", with: "    ]),\n    (\"Zimbra\", []),\n]"),
                  "appended after an entry that spans lines, not inside it")
        } catch {
            check(false, "list edits succeed: \(error)")
        }
        rejects("a module already listed") { _ = try AdapterListEditor(manifest: manifest).adding("OutlookPRF") }
        rejects("a manifest without the list") { _ = try AdapterListEditor(manifest: "let package = Package(name: \"x\")\n").adding("Becky") }
        rejects("a list that is never closed") {
            _ = try AdapterListEditor(manifest: "let adapters: [(name: String, resources: [String])] = [\n    (\"A\", []),\n").adding("Becky")
        }

        // Templates: paths and names follow the request.
        do {
            let templates = ScaffoldTemplates(request: try ScaffoldRequest(name: "ClawsMail", fileExtension: "cfg", adapterName: nil))
            check(templates.newFiles.map(\.path) == [
                "Sources/Adapters/ClawsMail/ClawsMailModule.swift", "Sources/Adapters/ClawsMail/ClawsMailAdapter.swift",
                "Tests/Adapters/ClawsMailTests/ClawsMailGoldenTests.swift",
            ], "new file paths")
            check(templates.notes.map(\.path) == ["Tests/Fixtures/claws-mail/README.md", "examples/claws-mail/README.md"], "note paths")
            let sources = templates.newFiles.map(\.content).joined()
            check(sources.contains("public enum ClawsMailModule: AdapterModule"), "module enum named for the registry")
            check(sources.contains("public struct ClawsMailAdapter: Adapter"), "adapter type")
            check(sources.contains("public let name = \"claws-mail\""), "adapter name")
            check(sources.contains("[\"*.cfg\"]"), "file pattern")
            check(sources.contains("@Test(.disabled(\"TODO: add a fixture and its .expected output\"))"), "golden test disabled by design")
            check(!sources.contains("\\#("), "no unexpanded template placeholder")
        } catch {
            check(false, "templates: \(error)")
        }

        print("scaffold logic: \(checks - failures)/\(checks) checks passed")
        if failures > 0 { exit(1) }
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self + "<\(target) not found>" }
        return replaceSubrange(range, replacement)
    }

    private func replaceSubrange(_ range: Range<String.Index>, _ replacement: String) -> String {
        var copy = self
        copy.replaceSubrange(range, with: replacement)
        return copy
    }
}
