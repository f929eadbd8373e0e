import Foundation
import MailTLSCore
import MailTLSTestSupport
import Testing
@testable import KeyValue

/// The git profile reads what git reads: generated gitconfig files (random sections,
/// subsections, quoting, escapes, continuations, comments, CRLF, and now and then a broken
/// line) give mailtls the same `sendemail.*` keys and values as
/// `git config -f FILE -z --get-regexp '^sendemail\.'`, and are refused exactly when git
/// refuses them.
@Suite struct GitDifferentialTests {
    static let gitPath = ["/usr/bin/git", "/usr/local/bin/git", "/bin/git"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: gitPath != nil, "git is not installed: the differential test against the real git binary is skipped"))
    func sendemailKeysAgreeWithGit() throws {
        let folder = try TemporaryFolder()
        var random = SeededGenerator(seed: 0x6769_7463_6f6e_6667)
        var compared = 0, refusedByBoth = 0
        for index in 0..<400 {
            var file = GitConfigGenerator(random: random)
            let bytes = file.make()
            random = file.random
            let path = try folder.write("case\(index).gitconfig", bytes)
            let git = try runGit(path)
            let ours = Result { try Self.view(bytes) }
            switch (git, ours) {
            case (.some(let expected), .success(let actual)):
                #expect(actual == expected, "case \(index):\n\(bytes.debugText)")
                compared += 1
            case (nil, .failure):
                refusedByBoth += 1
            case (nil, .success(let actual)):
                Issue.record("git refuses case \(index), mailtls reads \(actual):\n\(bytes.debugText)")
            case (.some(let expected), .failure(let error)):
                Issue.record("git reads case \(index) as \(expected), mailtls refuses it (\(error)):\n\(bytes.debugText)")
            }
        }
        // The generator must exercise both sides.
        #expect(compared > 250 && refusedByBoth > 10, "compared \(compared), refused by both \(refusedByBoth)")
    }

    /// mailtls's `sendemail.*` keys in file order, named as git names them.
    static func view(_ bytes: [UInt8]) throws -> [Pair] {
        let profile = try #require(try KeyValueModule.adapters(environment: AdapterEnvironment())
            .compactMap { $0 as? KeyValueAdapter }.first { $0.name == "git" }).profile
        let parsed = try KeyValueParser(profile: profile).parse(ByteText(bytes: bytes))
        var found: [(line: Int, pair: Pair)] = []
        for block in parsed.blocks {
            let prefix = "sendemail." + (block.name.map { $0 + "." } ?? "")
            for setting in block.settings {
                found.append((setting.line, Pair(name: prefix + setting.lookupKey, value: setting.value?.text)))
            }
        }
        return found.sorted { $0.line < $1.line }.map(\.pair)
    }

    struct Pair: Equatable, CustomStringConvertible {
        let name: String
        let value: String?
        var description: String { value.map { "\(name)=\($0.debugDescription)" } ?? name }
    }

    /// git's pairs, or nil when git refuses the file.
    private func runGit(_ path: String) throws -> [Pair]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.gitPath!)
        process.arguments = ["config", "-f", path, "-z", "--get-regexp", "^sendemail\\."]
        process.environment = ["HOME": "/nonexistent", "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        switch process.terminationStatus {
        case 0: break
        case 1: return []  // no key matched
        default: return nil
        }
        return data.split(separator: 0, omittingEmptySubsequences: false).dropLast().map { record in
            let text = String(decoding: record, as: UTF8.self)
            guard let newline = text.firstIndex(of: "\n") else { return Pair(name: text, value: nil) }
            return Pair(name: String(text[..<newline]), value: String(text[text.index(after: newline)...]))
        }
    }
}

/// Random gitconfig text in git's grammar.
private struct GitConfigGenerator {
    var random: SeededGenerator
    var out = ""
    var newline = "\n"

    private mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }
    private mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }

    mutating func make() -> [UInt8] {
        newline = chance(25) ? "\r\n" : "\n"
        for _ in 0..<Int.random(in: 1...6, using: &random) {
            section()
            for _ in 0..<Int.random(in: 0...5, using: &random) { statement() }
        }
        if chance(8) { out += pick(["[sendemail", "\tbad key = 1", "\tkey = \"open", "\tkey = a\\qb", "[sendemail \"x\" ]", "9key = 1", "[]"]) + newline }
        if chance(50) { out += newline }
        return Array(out.utf8)
    }

    private mutating func blanks() -> String { pick(["", "", " ", "\t", "  ", " \t"]) }

    private mutating func section() {
        if chance(15) { out += blanks() + pick(["# a comment", "; another", "#", "# [sendemail] in a comment"]) + newline }
        if chance(10) { out += newline }
        let name = pick(["sendemail", "sendemail", "SendEmail", "SENDEMAIL", "core", "alias", "user", "include", "sendemail-x"])
        var header: String
        switch Int.random(in: 0..<4, using: &random) {
        case 0: header = "[\(name)]"
        case 1: header = "[\(name) \"\(subsection())\"]"
        case 2: header = "[\(name).\(pick(["work", "Home", "a.b", "x-1"]))]"
        default: header = "[\(name)" + pick(["", " \"\"", " \"id\""]) + "]"
        }
        out += blanks() + header
        if chance(10) { out += " " + key() + " = " + value() }
        if chance(10) { out += blanks() + pick([" # note", " ; note"]) }
        out += newline
    }

    private mutating func subsection() -> String {
        pick(["work", "Work", "my id", "q\\\"uote", "back\\\\slash", "", "dots.in.it", "sp ace"])
    }

    private mutating func key() -> String {
        pick(["smtpServer", "smtpserverport", "smtpEncryption", "SMTPENCRYPTION", "smtpUser", "smtpPass", "from", "to-cmd", "confirm", "x9", "a-b-c"])
    }

    private mutating func statement() {
        if chance(10) { out += blanks() + pick(["# comment \\", "; x = y", "#\"unbalanced"]) + newline; return }
        if chance(5) { out += blanks() + newline; return }
        out += blanks() + key()
        if chance(12) {
            // `key # comment` is an error in git: a rare refused case.
            out += blanks() + (chance(8) ? pick([" # flag", " ;c"]) : "") + newline
            return
        }
        out += blanks() + "=" + blanks() + value()
        if chance(15) { out += pick([" # trailing comment", " ; c", "#x", "   "]) }
        out += newline
    }

    private mutating func value() -> String {
        var text = ""
        for _ in 0..<Int.random(in: 0...4, using: &random) {
            switch Int.random(in: 0..<10, using: &random) {
            case 0, 1: text += pick(["smtp.example.org", "587", "tls", "ssl", "TLS", "me@example.org", "!git log --format=%h"])
            case 2: text += "\"" + pick(["", "a b", " lead", "trail ", "#;", "x\\\"y", "tab\\t", "a\\\\b", "%h %s"]) + "\""
            // Blanks inside a value outside quotes are spaces only: git before 2.45 wrote each
            // such blank as a space, later versions keep it (tabs included), as mailtls does.
            case 3: text += pick([" ", "  "])
            case 4: text += pick(["\\\"", "\\\\", "\\n", "\\t", "\\b"])
            case 5: text += "\\" + newline + pick(["", " ", "  "])
            case 6: text += "\"in \\" + newline + "quote\""
            case 7: text += pick(["a=b", "x:y", "[z]", "ü"])
            default: text += pick(["word", "465", "25", "/usr/bin/msmtp"])
            }
        }
        return text
    }
}
