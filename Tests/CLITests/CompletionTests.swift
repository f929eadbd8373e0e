import Foundation
import MailTLSTestSupport
import Testing

/// Shell completion: the generated scripts complete file names where a path is expected and
/// offer the adapter names for `--format`.
@Suite struct CompletionTests {
    /// Runs the generated bash completion for the words typed so far (the last one being
    /// completed) inside `folder`, and returns what bash would offer.
    private func bashCompletions(_ words: [String], in folder: TemporaryFolder) throws -> [String] {
        let script = try CommandRunner.run(["--generate-completion-script", "bash"])
        #expect(script.status == 0)
        let scriptPath = try folder.write("completion.bash", Array(script.stdout.utf8))
        let quoted = words.map { "'\($0)'" }.joined(separator: " ")
        let line = words.joined(separator: " ")
        let driver = """
            source '\(scriptPath)'
            COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1)
            COMP_LINE='\(line)'; COMP_POINT=${#COMP_LINE}
            _mailtls mailtls '\(words.last!)' '\(words[words.count - 2])'
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let bash = Process()
        bash.executableURL = URL(fileURLWithPath: "/bin/bash")
        bash.arguments = ["-c", driver]
        bash.currentDirectoryURL = folder.url
        let output = Pipe()
        bash.standardOutput = output
        try bash.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        bash.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test func bashCompletesFileNamesForInputsAndOutputs() throws {
        let folder = try TemporaryFolder()
        try folder.write("account.prf", [])
        try folder.write("accounts/user.js", [])
        #expect(try Set(bashCompletions(["mailtls", "convert", "acc"], in: folder)) == ["account.prf", "accounts"])
        #expect(try bashCompletions(["mailtls", "check", "account.p"], in: folder) == ["account.prf"])
        #expect(try bashCompletions(["mailtls", "convert", "-o", "account.p"], in: folder) == ["account.prf"])
        #expect(try bashCompletions(["mailtls", "convert", "--files-from", "account.p"], in: folder) == ["account.prf"])
        #expect(try bashCompletions(["mailtls", "convert", "--output-dir", "acc"], in: folder) == ["accounts"])
    }

    @Test func bashOffersEveryAdapterForFormat() throws {
        let folder = try TemporaryFolder()
        let listed = try CommandRunner.run(["adapters", "--json"])
        let names = listed.stdout.split(separator: "\n").compactMap { line -> String? in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["name"] as? String
        }
        #expect(names.count >= 10)
        let offered = try bashCompletions(["mailtls", "convert", "--format", ""], in: folder)
        #expect(Set(offered) == Set(names))
        #expect(try bashCompletions(["mailtls", "check", "--protocols", "im"], in: folder) == ["imap"])
    }

    @Test func zshAndFishScriptsAreGenerated() throws {
        for shell in ["zsh", "fish"] {
            let script = try CommandRunner.run(["--generate-completion-script", shell])
            #expect(script.status == 0)
            #expect(script.stdout.contains("--output-dir"))
            #expect(script.stdout.contains("thunderbird-prefs"))
        }
    }
}
