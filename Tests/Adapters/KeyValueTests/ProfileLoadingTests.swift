import Foundation
import MailTLSCore
import MailTLSTestSupport
import Testing
@testable import KeyValue

/// User profiles: the search path, `--profile` files, replacing a built-in, and the example
/// custom profile converting its sample.
@Suite struct ProfileLoadingTests {
    static let example = Fixtures.packageRoot.appendingPathComponent("examples/custom-profile")

    private func write(_ json: [String: Any], to url: URL) throws {
        try JSONSerialization.data(withJSONObject: json).write(to: url)
    }

    @Test func exampleProfileConvertsItsSample() throws {
        let environment = AdapterEnvironment(profileFiles: [Self.example.appendingPathComponent("mbsync.json").path])
        let adapter = try Profiles.adapter("mbsync", environment)
        #expect(adapter.summary.hasSuffix("(profile \(Self.example.path)/mbsync.json)"))
        let input = InputFile(name: "mbsyncrc", bytes: [UInt8](try Data(contentsOf: Self.example.appendingPathComponent("mbsyncrc"))))
        #expect(adapter.detect(input) == .content)

        let policy = ConversionPolicy(protocols: [.smtp, .imap])
        let entries = try Convert.entries(input.bytes, with: adapter)
        #expect(entries.map { "\($0.account) \($0.port) \($0.security.rawValue)" } == ["work 143 starttls", "home 143 starttls", "local-bridge 1143 none"])
        let expected = [UInt8](try Data(contentsOf: Self.example.appendingPathComponent("mbsyncrc-smtps")))
        #expect(try Convert.bytes(input, with: adapter, policy: policy) == expected)
        #expect(AdapterConformance.violations(of: adapter, on: input, policy: policy) == [])
        // SMTP only (the default): IMAP is not converted.
        #expect(try Convert.run(input, with: adapter).output == nil)
        // The password stays a secret.
        let secrets = try Convert.secrets(input.bytes, with: adapter)
        #expect(secrets.map { String(decoding: input.bytes[$0], as: UTF8.self) } == ["\"h0me;Secret\""])
    }

    @Test func searchPathFolders() throws {
        #expect(ProfileCatalog.userFiles.folders(["MAILTLS_PROFILE_PATH": "/a:/b", "XDG_CONFIG_HOME": "/x", "HOME": "/h"])
            == ["/a", "/b", "/x/mailtls/profiles"])
        #expect(ProfileCatalog.userFiles.folders(["HOME": "/h"]) == ["/h/.config/mailtls/profiles"])
        #expect(ProfileCatalog.userFiles.folders([:]) == [])
    }

    @Test func profilesFromTheSearchPathAndProfileFilesInOrder() throws {
        let root = try Profiles.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let pathFolder = root.appendingPathComponent("path"), xdg = root.appendingPathComponent("xdg/mailtls/profiles")
        for folder in [pathFolder, xdg] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }

        var profile = try Profiles.builtInJSON("claws")
        profile["name"] = "sylpheed"
        profile["summary"] = "from the path"
        try write(profile, to: pathFolder.appendingPathComponent("sylpheed.json"))
        try Data("not a profile".utf8).write(to: pathFolder.appendingPathComponent("README.txt"))
        profile["summary"] = "from XDG"
        try write(profile, to: xdg.appendingPathComponent("sylpheed.json"))
        // A user profile with a built-in's name replaces the built-in.
        var git = try Profiles.builtInJSON("git")
        git["summary"] = "my git"
        try write(git, to: xdg.appendingPathComponent("git.json"))

        let variables = ["MAILTLS_PROFILE_PATH": pathFolder.path + ":" + root.appendingPathComponent("missing").path,
                         "XDG_CONFIG_HOME": root.appendingPathComponent("xdg").path]
        let adapters = try Profiles.adapters(AdapterEnvironment(variables: variables))
        #expect(adapters.map(\.name) == Profiles.builtInNames + ["sylpheed"])
        #expect(adapters[1].summary.hasPrefix("my git (profile "))
        #expect(adapters.last!.summary.hasPrefix("from XDG (profile "))

        profile["summary"] = "from --profile"
        let file = root.appendingPathComponent("explicit.json")
        try write(profile, to: file)
        let withFile = try Profiles.adapters(AdapterEnvironment(profileFiles: [file.path], variables: variables))
        #expect(withFile.count == Profiles.builtInNames.count + 1)
        #expect(withFile.last!.summary.hasPrefix("from --profile"))
    }

    @Test func missingProfileFileIsAnError() throws {
        #expect(throws: InputError(.invalidValue, "profile /nonexistent/p.json: cannot read the file")) {
            try KeyValueModule.adapters(environment: AdapterEnvironment(profileFiles: ["/nonexistent/p.json"]))
        }
    }

    @Test func noUserProfilesWithoutVariables() throws {
        #expect(try Profiles.adapters(AdapterEnvironment(variables: ["HOME": "/nonexistent"])).count == Profiles.builtInNames.count)
    }
}
