import MailTLSCore
import Testing
@testable import ThunderbirdPrefs

/// The libpref grammar: statements, strings with every escape, integers, booleans, comments
/// and line endings, and error recovery.
@Suite struct TokenizerTests {
    func parse(_ text: String) -> PrefParser.Result {
        let bytes = Array(text.utf8)
        return PrefParser.parse(try! PrefText(bytes, encoding: TextEncoding.detect(bytes)))
    }

    /// A statement's value decoded, to compare with literals.
    enum Value: Equatable {
        case string(String), integer(Int), boolean(Bool)
    }

    func values(_ result: PrefParser.Result) -> [Value] {
        result.statements.map {
            switch $0.value {
            case .string(let literal): .string(result.text.string(literal))
            case .integer(let value): .integer(value)
            case .boolean(let value): .boolean(value)
            }
        }
    }

    func names(_ result: PrefParser.Result) -> [String] { result.statements.map { result.text.string($0.name) } }

    @Test func allStatementKinds() {
        let result = parse("pref(\"a\", 1); user_pref(\"b\", true);\nlockPref(\"c\", false);sticky_pref(\"d\",\"x\");")
        #expect(result.errors.isEmpty)
        #expect(result.statements.map(\.spec) == [.pref, .userPref, .lockPref, .stickyPref])
        #expect(values(result) == [.integer(1), .boolean(true), .boolean(false), .string("x")])
    }

    @Test(arguments: [
        (#""plain""#, "plain"),
        (#"'single'"#, "single"),
        (#""say \"hi\"""#, "say \"hi\""),
        (#"'it\'s'"#, "it's"),
        (#""'mixed' \'ok\'""#, "'mixed' 'ok'"),
        (#""C:\\Users\\x""#, "C:\\Users\\x"),
        (#""a\nb\rc""#, "a\nb\rc"),
        (#""\x41\x7e""#, "A~"),
        (#""\xe6\x97\xa5""#, "日"),
        (#""\u00e9\u65E5""#, "é日"),
        (#""\ud83d\ude00""#, "😀"),
        ("\"日本語\"", "日本語"),
        ("\"two\nlines\"", "two\nlines"),
        (#""""#, ""),
    ])
    func stringEscapes(_ literal: String, _ value: String) {
        let result = parse("user_pref(\"n\", \(literal));")
        #expect(result.errors.isEmpty)
        #expect(values(result).first == .string(value))
    }

    @Test(arguments: [
        ("0", 0), ("587", 587), ("+465", 465), ("-1", -1), ("2147483647", 2_147_483_647),
        ("-2147483648", -2_147_483_648), ("007", 7),
    ])
    func integers(_ literal: String, _ value: Int) {
        let result = parse("user_pref(\"n\", \(literal));")
        #expect(result.errors.isEmpty)
        #expect(values(result).first == .integer(value))
    }

    @Test func commentsAndWhitespace() {
        let text = "# hash\n// slashes\n/* block\n * more */ user_pref /* in */ ( \"a\" , \t1 ) ; // tail\n\u{0B}\u{0C}user_pref(\"b\",2);#end"
        let result = parse(text)
        #expect(result.errors.isEmpty)
        #expect(names(result) == ["a", "b"])
        #expect(result.blockComments.count == 2)
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func lineNumbersCountEveryEnding(_ ending: String) {
        let text = ["user_pref(\"a\", 1);", "/* x", "y */", "user_pref(\"b\", \"s", "t\");", "user_pref(\"c\", 3);"]
            .joined(separator: ending)
        let result = parse(text)
        #expect(result.errors.isEmpty)
        #expect(result.statements.map(\.line) == [1, 4, 6])
    }

    @Test func recoversAfterABadStatementLikeLibpref() {
        let text = """
            user_pref("a", 1);
            user_pref("b" 2);
            user_pref("c", 3);
            ;
            garbage here;
            user_pref("d", 4);
            """
        let result = parse(text)
        #expect(names(result) == ["a", "c", "d"])
        #expect(result.errors.map(\.line) == [2, 4, 5])
    }

    @Test func unterminatedStringEndsTheFile() {
        let result = parse("user_pref(\"a\", 1);\nuser_pref(\"b\", 'open);\nuser_pref(\"c\", 3);\n")
        #expect(names(result) == ["a"])
        #expect(result.errors == [PrefSyntaxError(line: 2, message: "unterminated string")])
    }

    @Test func badEscapeSkipsOnlyItsStatement() {
        let result = parse("user_pref(\"a\", \"\\q\");\nuser_pref(\"b\", 2);")
        #expect(names(result) == ["b"])
        #expect(result.errors == [PrefSyntaxError(line: 1, message: "unknown escape in string")])
    }

    @Test func precedenceTable() {
        let result = parse("""
            user_pref("mail.server.x.port", 1); lockPref("mail.server.x.port", 2); user_pref("mail.server.x.port", 3);
            pref("mail.server.x.port", 4); pref("mail.server.y.port", 1); pref("mail.server.y.port", 2);
            user_pref("mail.server.z.port", 1); user_pref("mail.server.z.port", 2); user_pref("mail.server.w.type", "imap");
            """)
        let table = PrefTable(result.text, result.statements)
        func port(_ key: String) -> Int? {
            let branch = table.incoming.first { result.text.string($0.key) == key }
            return branch?.winner(.port).flatMap { table.statements[$0].value.integer }
        }
        #expect(port("x") == 2)
        #expect(port("y") == 2)
        #expect(port("z") == 2)
        #expect(port("w") == nil)
    }
}
