import Testing
@testable import ThunderbirdPrefs

/// The libpref grammar: statements, strings with every escape, integers, booleans, comments
/// and line endings, and error recovery.
@Suite struct TokenizerTests {
    func parse(_ text: String) -> PrefParser.Result {
        PrefParser.parse(Array(text.unicodeScalars))
    }

    @Test func allStatementKinds() {
        let result = parse("pref(\"a\", 1); user_pref(\"b\", true);\nlockPref(\"c\", false);sticky_pref(\"d\",\"x\");")
        #expect(result.errors.isEmpty)
        #expect(result.statements.map(\.spec) == [.pref, .userPref, .lockPref, .stickyPref])
        #expect(result.statements.map(\.value) == [.integer(1), .boolean(true), .boolean(false), .string("x")])
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
        #expect(result.statements.first?.value == .string(value))
    }

    @Test(arguments: [
        ("0", 0), ("587", 587), ("+465", 465), ("-1", -1), ("2147483647", 2_147_483_647),
        ("-2147483648", -2_147_483_648), ("007", 7),
    ])
    func integers(_ literal: String, _ value: Int) {
        let result = parse("user_pref(\"n\", \(literal));")
        #expect(result.errors.isEmpty)
        #expect(result.statements.first?.value == .integer(value))
    }

    @Test func commentsAndWhitespace() {
        let text = "# hash\n// slashes\n/* block\n * more */ user_pref /* in */ ( \"a\" , \t1 ) ; // tail\n\u{0B}\u{0C}user_pref(\"b\",2);#end"
        let result = parse(text)
        #expect(result.errors.isEmpty)
        #expect(result.statements.map(\.name) == ["a", "b"])
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
        #expect(result.statements.map(\.name) == ["a", "c", "d"])
        #expect(result.errors.map(\.line) == [2, 4, 5])
    }

    @Test func unterminatedStringEndsTheFile() {
        let result = parse("user_pref(\"a\", 1);\nuser_pref(\"b\", 'open);\nuser_pref(\"c\", 3);\n")
        #expect(result.statements.map(\.name) == ["a"])
        #expect(result.errors == [PrefSyntaxError(line: 2, message: "unterminated string")])
    }

    @Test func badEscapeSkipsOnlyItsStatement() {
        let result = parse("user_pref(\"a\", \"\\q\");\nuser_pref(\"b\", 2);")
        #expect(result.statements.map(\.name) == ["b"])
        #expect(result.errors == [PrefSyntaxError(line: 1, message: "unknown escape in string")])
    }

    @Test func precedenceTable() {
        let statements = parse("""
            user_pref("x", 1); lockPref("x", 2); user_pref("x", 3); pref("x", 4);
            pref("y", 1); pref("y", 2); user_pref("z", 1); user_pref("z", 2);
            """).statements
        let table = PrefTable(statements)
        #expect(table["x"]?.value == .integer(2))
        #expect(table["y"]?.value == .integer(2))
        #expect(table["z"]?.value == .integer(2))
        #expect(table["w"] == nil)
    }
}
