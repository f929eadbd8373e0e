/// Reads the statements of a prefs.js / user.js file with libpref's error recovery: a bad
/// statement is recorded with its line number and the parser skips to the next `;` and goes
/// on, so one pass finds every broken statement. (Thunderbird itself keeps the good ones; the
/// converter refuses a file with any error, see `PrefsDocument.read`.)
struct PrefParser {
    struct Result: Sendable {
        var statements: [PrefStatement]
        var errors: [PrefSyntaxError]
        /// Scalar ranges of the `/* */` comments.
        var blockComments: [Range<Int>]
    }

    private var lexer: PrefLexer
    private var statements: [PrefStatement] = []
    private var errors: [PrefSyntaxError] = []
    /// The last token read, nil after a lexical error.
    private var lastToken: PrefToken?

    static func parse(_ scalars: [Unicode.Scalar]) -> Result {
        var parser = PrefParser(lexer: PrefLexer(scalars: scalars))
        parser.run()
        return Result(statements: parser.statements, errors: parser.errors, blockComments: parser.lexer.blockComments)
    }

    private init(lexer: PrefLexer) {
        self.lexer = lexer
    }

    private mutating func run() {
        while true {
            do {
                let first = try nextToken()
                if first.kind == .endOfFile { return }
                statements.append(try statement(startingWith: first))
            } catch {
                errors.append(error)
                // A stray `;` ends its own bad statement; anything else skips to the next one.
                if lastToken?.isPunctuation(";") == true { continue }
                if !skipPastSemicolon() { return }
            }
        }
    }

    /// `SPEC ( NAME , VALUE ) ;` after its first token.
    private mutating func statement(startingWith first: PrefToken) throws(PrefSyntaxError) -> PrefStatement {
        guard case .word(let word) = first.kind, let spec = PrefStatement.Spec(rawValue: word) else {
            throw PrefSyntaxError(line: first.line, message: "expected user_pref, pref, lockPref or sticky_pref")
        }
        try expect("(", after: spec.rawValue)
        let nameToken = try nextToken()
        guard case .string(let name, _) = nameToken.kind else {
            throw PrefSyntaxError(line: nameToken.line, message: "expected a quoted preference name")
        }
        try expect(",", after: "the preference name")
        let valueToken = try nextToken()
        let value: PrefStatement.Value
        switch valueToken.kind {
        case .string(let text, _): value = .string(text)
        case .integer(let number): value = .integer(number)
        case .word("true"): value = .boolean(true)
        case .word("false"): value = .boolean(false)
        default:
            throw PrefSyntaxError(line: valueToken.line, message: "expected a string, integer, true or false as the value of \(name)")
        }
        let close = try nextToken()
        guard close.isPunctuation(")") else {
            let message = close.isPunctuation(",")
                ? "attributes (sticky, locked) are only allowed in default preference files"
                : "expected ')' after the value of \(name)"
            throw PrefSyntaxError(line: close.line, message: message)
        }
        let end = try nextToken()
        guard end.isPunctuation(";") else {
            throw PrefSyntaxError(line: end.line, message: "expected ';' after \(spec.rawValue)(...)")
        }
        return PrefStatement(
            spec: spec, name: name, value: value, specToken: first, nameToken: nameToken, valueToken: valueToken,
            endToken: end)
    }

    private mutating func expect(_ punctuation: Unicode.Scalar, after what: String) throws(PrefSyntaxError) {
        let token = try nextToken()
        guard token.isPunctuation(punctuation) else {
            throw PrefSyntaxError(line: token.line, message: "expected '\(punctuation)' after \(what)")
        }
    }

    private mutating func nextToken() throws(PrefSyntaxError) -> PrefToken {
        lastToken = nil
        let token = try lexer.next()
        lastToken = token
        return token
    }

    /// Error recovery: drops tokens up to and including the next `;`. Returns false at the end
    /// of the file. Further lexical errors inside the skipped statement are not reported: they
    /// belong to a statement already reported.
    private mutating func skipPastSemicolon() -> Bool {
        while true {
            do {
                let token = try nextToken()
                if token.kind == .endOfFile { return false }
                if token.isPunctuation(";") { return true }
            } catch {
                if error.message.hasPrefix("unterminated") { return false }
            }
        }
    }
}
