import Foundation
import MailTLSCore
@testable import KeyValue

/// The adapters under test, loaded the way the tool loads them (no user profiles unless asked).
enum Profiles {
    /// The built-in profiles in the order they load, each with its fixture folder `Tests/Fixtures/<name>/`.
    static let builtInNames = [
        "msmtp", "git", "claws", "reg", "kmail", "evolution", "mutt", "aerc", "roundcube", "opensmtpd", "nullmailer", "postfix", "ssmtp",
    ]

    static func adapters(_ environment: AdapterEnvironment = AdapterEnvironment()) throws -> [any Adapter] {
        try KeyValueModule.adapters(environment: environment)
    }

    static func adapter(_ name: String, _ environment: AdapterEnvironment = AdapterEnvironment()) throws -> any Adapter {
        guard let adapter = try adapters(environment).first(where: { $0.name == name }) else {
            throw InputError(.invalidValue, "no adapter named \(name)")
        }
        return adapter
    }

    /// A temporary folder for profile files, removed by the caller.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The bytes of a built-in profile, to derive variants from in tests.
    static func builtInJSON(_ name: String) throws -> [String: Any] {
        let bytes = ProfileCatalog.builtIn.first { $0.file == "\(name).json" }!.bytes
        return try JSONSerialization.jsonObject(with: Data(bytes)) as! [String: Any]
    }

    /// The error loading the built-in profile `name` gives after `change` (or "accepted").
    static func loadError(_ name: String, _ change: (inout [String: Any]) -> Void) throws -> String {
        var json = try builtInJSON(name)
        change(&json)
        let bytes = [UInt8](try JSONSerialization.data(withJSONObject: json))
        do {
            _ = try ProfileDecoder.decode(bytes, origin: "p.json")
            return "accepted"
        } catch {
            return error.message
        }
    }
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}
