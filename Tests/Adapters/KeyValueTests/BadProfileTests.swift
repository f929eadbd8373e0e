import Foundation
import MailTLSCore
import Testing
@testable import KeyValue

/// A bad profile is refused when loaded, with an error naming the field.
@Suite struct BadProfileTests {
    /// Applies `change` to the built-in msmtp profile and returns the load error.
    private func error(_ change: (inout [String: Any]) -> Void) throws -> String {
        try Profiles.loadError("msmtp", change)
    }

    private func server(_ json: inout [String: Any], _ change: (inout [String: Any]) -> Void) {
        var servers = json["servers"] as! [[String: Any]]
        change(&servers[0])
        json["servers"] = servers
    }

    @Test func builtInsAreValid() throws {
        for (file, bytes) in ProfileCatalog.builtIn {
            #expect(try ProfileDecoder.decode(bytes, origin: file).name + ".json" == file)
        }
    }

    @Test func notJSON() {
        #expect(throws: InputError.self) { try ProfileDecoder.decode(Array("{name:".utf8), origin: "p.json") }
        do {
            _ = try ProfileDecoder.decode(Array("[1]".utf8), origin: "p.json")
        } catch {
            #expect(error.message == "profile p.json: field '(top level)': expected an object")
        }
    }

    @Test func fieldErrors() throws {
        #expect(try error { $0["name"] = nil } == "profile p.json: field 'name': missing")
        #expect(try error { $0["name"] = "My Client" } == "profile p.json: field 'name': use lower-case letters, digits and '-' only (it is the --format name)")
        #expect(try error { $0["nmae"] = "x" }.hasPrefix("profile p.json: field 'nmae': unknown field (known: "))
        #expect(try error { $0["_note"] = "comments are fine" } == "accepted")
        #expect(try error { $0["syntax"] = ["assignment": "(?<k>.*)"] } == "profile p.json: field 'syntax.assignment': the pattern needs a named group (?<key>...)")
        #expect(try error { $0["syntax"] = ["assignment": "(?<key>[a-z"] }.hasPrefix("profile p.json: field 'syntax.assignment': invalid regular expression"))
        #expect(try error { $0["syntax"] = ["assignment": "(?<key>.*)", "values": "ini"] } == "profile p.json: field 'syntax.values': one of: plain, registry")
        #expect(try error { $0["syntax"] = ["assignment": "(?<key>.*)", "quote": "''"] }.hasPrefix("profile p.json: field 'syntax.quote': one or more different ASCII characters"))
        #expect(try error { $0["syntax"] = ["assignment": "(?<key>.*)", "quote": "\"'"] } == "accepted")
        #expect(try error { $0["syntax"] = ["assignment": ["(?<key>a)", "(?<k>b)"]] } == "profile p.json: field 'syntax.assignment[1]': the pattern needs a named group (?<key>...)")
        #expect(try error { $0["syntax"] = ["assignment": "(?<key>.*)", "otherLines": "skip"] } == "profile p.json: field 'syntax.otherLines': one of: error, ignore")
        #expect(try error { $0["syntax"] = ["assignment": "(?<key>.*)", "newLine": "{key}"] } == "profile p.json: field 'syntax.newLine': write {key} and {value} in it")
        #expect(try error { $0["sections"] = [["kind": "a", "header": "x", "role": "account", "topOfFile": true]] } == "profile p.json: field 'sections[0].header': a topOfFile section has no header")
        #expect(try error { $0["servers"] = [["protocol": "smtp", "endpoint": ["key": "u", "schemes": ["smtp": 25], "convertScheme": "smtps"], "security": ["keys": [], "rules": []]]] } == "profile p.json: field 'servers[0].endpoint.convertScheme': 'smtps' is not listed in schemes")
        #expect(try error { $0["servers"] = [["protocol": "smtp", "endpoint": ["key": "u", "schemes": ["smtp://": 25]], "security": ["keys": [], "rules": []]]] }.hasPrefix("profile p.json: field 'servers[0].endpoint.schemes.smtp://': 'smtp://' is not a URL scheme"))
        #expect(try error { $0["servers"] = [["protocol": "smtp", "endpoint": ["key": "u", "schemes": ["smtp": 25]], "security": ["keys": [], "rules": []]]] } == "accepted")
        #expect(try error { $0["servers"] = [["protocol": "smtp", "endpoint": ["key": "u", "schemes": ["smtp": 25], "newPort": "key"], "security": ["keys": [], "rules": []]]] } == "profile p.json: field 'servers[0].endpoint': newPort 'key' needs a port key (\"port\": {\"key\": ...})")
        #expect(try error { $0["servers"] = [["protocol": "smtp", "port": ["key": "p", "default": 25], "security": ["keys": ["t"], "rules": []], "convert": [["key": "t", "value": "x", "renameTo": "y"]]]] } == "profile p.json: field 'servers[0].convert[0]': give either value or renameTo")
        #expect(try error { $0["detect"] = [String: Any]() } == "profile p.json: field 'detect': give markers, fileNames or both")
        #expect(try error { $0["sections"] = [["kind": "a", "header": "x", "role": "owner"]] } == "profile p.json: field 'sections[0].role': one of: account, defaults, ignore, file")
        #expect(try error { $0["sections"] = [["kind": "a", "header": "x", "role": "account", "fallback": "b"]] } == "profile p.json: field 'sections[0].fallback': no section kind 'b' with role account")
        #expect(try error { $0["sections"] = [["kind": "a", "header": "x", "role": "ignore"]] } == "profile p.json: field 'sections': no section kind has role account or file")
        #expect(try error { $0["sections"] = [["kind": "a", "header": "x", "role": "account"], ["kind": "a", "header": "y", "role": "account"]] } == "profile p.json: field 'sections[1].kind': kind 'a' is defined twice")
        #expect(try error { $0["servers"] = [Any]() } == "profile p.json: field 'servers': list at least one server")
        #expect(try error { server(&$0) { $0["protocol"] = "smtps" } } == "profile p.json: field 'servers[0].protocol': one of: smtp, imap, pop3")
        #expect(try error { server(&$0) { $0["port"] = ["key": "port", "default": 70000] } } == "profile p.json: field 'servers[0].port.default': 70000 is out of range 1...65535")
        #expect(try error { server(&$0) { $0["port"] = ["key": "port", "default": "25"] } } == "profile p.json: field 'servers[0].port.default': expected a whole number")
        #expect(try error { server(&$0) { $0["port"] = ["key": "port", "default": true] } } == "profile p.json: field 'servers[0].port.default': expected a whole number")
        #expect(try error { server(&$0) { $0["port"] = ["key": "port"] } } == "profile p.json: field 'servers[0].port.default': missing")
        #expect(try error { server(&$0) { $0["security"] = ["keys": [Any](), "rules": [Any]()] } } == "profile p.json: field 'servers[0].security.keys': list at least one key")
        #expect(try error { server(&$0) { $0["security"] = ["keys": ["tls"], "rules": [["if": ["tls": ["on"]], "then": "ssl"]]] } }
            == "profile p.json: field 'servers[0].security.rules[0].then': one of: none, starttls, auto, tls, starttls-optional, ssl-flag, unknown")
        #expect(try error { server(&$0) { $0["security"] = ["keys": ["tls"], "rules": [["section": "nope", "if": ["tls": ["on"]], "then": "tls"]]] } }
            == "profile p.json: field 'servers[0].security.rules[0].section': no section kind 'nope'")
        #expect(try error { server(&$0) { $0["security"] = ["keys": ["tls"], "rules": [["if": ["tls": ["is": ["on"]]], "then": "tls"]]] } }
            .hasPrefix("profile p.json: field 'servers[0].security.rules[0].if.tls.is': unknown field"))
        #expect(try error { server(&$0) { $0["convert"] = [["key": "tls", "value": "on", "onlyIfPresent": "yes"]] } }
            == "profile p.json: field 'servers[0].convert[0].onlyIfPresent': expected true or false")
    }

    /// A bad profile in the search path is skipped with a warning naming it (one broken file
    /// must not stop every run); the same file given with `--profile` stops loading.
    @Test func aBadProfileInThePathIsSkippedAndAGivenOneStopsLoading() throws {
        let folder = try Profiles.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = folder.appendingPathComponent("x.json")
        try Data(#"{"name": "x", "detect": {"fileNames": ["x"]}}"#.utf8).write(to: bad)
        try Data("{\n  \"name\": \"y\",\n  \"servers\": [1,,2]\n}\n".utf8).write(to: folder.appendingPathComponent("y.json"))
        let warnings = WarningLog()
        let adapters = try KeyValueModule.adapters(
            environment: AdapterEnvironment(variables: ["MAILTLS_PROFILE_PATH": folder.path], warn: { warnings.add($0) }))
        #expect(adapters.count == Profiles.builtInNames.count, "the built-in profiles still load")
        #expect(warnings.messages == [
            "profile \(bad.path): field 'sections': missing (profile skipped)",
            "profile \(folder.path)/y.json: line 3, column 17: not valid JSON (expected a value) (profile skipped)",
        ])
        #expect(throws: InputError(.invalidValue, "profile \(bad.path): field 'sections': missing")) {
            try KeyValueModule.adapters(environment: AdapterEnvironment(profileFiles: [bad.path]))
        }
    }
}

/// Collects the warnings a registry build reports.
private final class WarningLog: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []
    var messages: [String] { lock.withLock { collected } }
    func add(_ message: String) { lock.withLock { collected.append(message) } }
}
