#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import MailTLSCore

/// Reads the statements of a prefs.js / user.js file with libpref's error recovery: a bad
/// statement is recorded with its line number and the parser skips to the next `;` and goes
/// on, so one pass finds every broken statement. (Thunderbird itself keeps the good ones; the
/// converter refuses a file with any error, see `PrefsDocument.read`.)
struct PrefParser {
    struct Result: Sendable {
        /// The text, with the resolved string literals the statements point at.
        var text: PrefText
        var statements: [PrefStatement]
        var errors: [PrefSyntaxError]
        /// View ranges of the `/* */` comments.
        var blockComments: [Range<Int>]
    }

    private var lexer: PrefLexer
    private var statements: [PrefStatement] = []
    private var errors: [PrefSyntaxError] = []
    /// Whether the last token read was `;` (false after a lexical error).
    private var lastWasSemicolon = false
    /// Names with escapes, resolved, to go after the view in `PrefText.bytes`.
    private var resolvedNames: [UInt8] = []

    static func parse(_ text: PrefText) -> Result {
        var text = text
        let (start, end) = (text.start, text.end)
        let (statements, errors, blockComments, resolved) = text.bytes.withUnsafeBufferPointer { bytes in
            let view = UnsafeBufferPointer(rebasing: bytes[..<end])
            var parser = PrefParser(lexer: PrefLexer(view, from: start))
            // About one statement per line of 50 bytes or more, in what Thunderbird writes.
            parser.statements.reserveCapacity(view.count / 48)
            parser.run(view)
            return (parser.statements, parser.errors, parser.lexer.blockComments, parser.resolvedNames)
        }
        if !resolved.isEmpty { _ = text.append(resolved: resolved) }
        return Result(text: text, statements: statements, errors: errors, blockComments: blockComments)
    }

    private init(lexer: PrefLexer) {
        self.lexer = lexer
    }

    private mutating func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        while true {
            do {
                let first = try nextToken()
                if first.kind == .endOfFile { return }
                statements.append(try statement(startingWith: first, in: bytes))
            } catch {
                errors.append(error)
                // A stray `;` ends its own bad statement; anything else skips to the next one.
                if lastWasSemicolon { continue }
                if !skipPastSemicolon() { return }
            }
        }
    }

    /// `SPEC ( NAME , VALUE ) ;` after its first token.
    private mutating func statement(startingWith first: PrefToken, in bytes: UnsafeBufferPointer<UInt8>) throws(PrefSyntaxError) -> PrefStatement {
        guard first.kind == .word, let spec = PrefStatement.Spec(bytes[first.range]) else {
            throw PrefSyntaxError(line: first.line, message: "expected user_pref, pref, lockPref or sticky_pref")
        }
        try expect("(", after: spec.rawValue)
        let nameToken = try nextToken()
        guard case .string(let literal) = nameToken.kind else {
            throw PrefSyntaxError(line: nameToken.line, message: "expected a quoted preference name")
        }
        // Every name is looked at (for servers and passwords): one with escapes is resolved now.
        var name = literal.body
        if literal.escaped {
            let base = bytes.count + resolvedNames.count
            resolvedNames += PrefLexer.resolve(bytes, body: literal.body)
            name = base..<bytes.count + resolvedNames.count
        }
        try expect(",", after: "the preference name")
        let valueToken = try nextToken()
        let value: PrefStatement.Value
        switch valueToken.kind {
        case .string(let text): value = .string(text)
        case .integer(let number): value = .integer(number)
        case .word where Self.equal(bytes[valueToken.range], "true"): value = .boolean(true)
        case .word where Self.equal(bytes[valueToken.range], "false"): value = .boolean(false)
        default:
            throw PrefSyntaxError(line: valueToken.line, message: "expected a string, integer, true or false as the value of \(string(name, in: bytes))")
        }
        let close = try nextToken()
        guard close.isPunctuation(")") else {
            let message = close.isPunctuation(",")
                ? "attributes (sticky, locked) are only allowed in default preference files"
                : "expected ')' after the value of \(string(name, in: bytes))"
            throw PrefSyntaxError(line: close.line, message: message)
        }
        let end = try nextToken()
        guard end.isPunctuation(";") else {
            throw PrefSyntaxError(line: end.line, message: "expected ';' after \(spec.rawValue)(...)")
        }
        return PrefStatement(
            spec: spec, name: name, value: value, line: first.line, start: first.range.lowerBound,
            nameToken: nameToken.range, valueToken: valueToken.range, end: end.range.lowerBound)
    }

    private mutating func expect(_ punctuation: Unicode.Scalar, after what: String) throws(PrefSyntaxError) {
        // Most often the very next byte: no token needs to be made.
        if lexer.skip(UInt8(punctuation.value)) {
            lastWasSemicolon = punctuation == ";"
            return
        }
        let token = try nextToken()
        guard token.isPunctuation(punctuation) else {
            throw PrefSyntaxError(line: token.line, message: "expected '\(punctuation)' after \(what)")
        }
    }

    private mutating func nextToken() throws(PrefSyntaxError) -> PrefToken {
        lastWasSemicolon = false
        let token = try lexer.next()
        lastWasSemicolon = token.isPunctuation(";")
        return token
    }

    /// A name for a message: in the view, or among the names resolved so far.
    private func string(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        range.lowerBound < bytes.count
            ? String(decoding: bytes[range], as: UTF8.self)
            : String(decoding: resolvedNames[(range.lowerBound - bytes.count)..<(range.upperBound - bytes.count)], as: UTF8.self)
    }

    static func equal(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount, let base = bytes.base.baseAddress else { return false }
        return memcmp(base + bytes.startIndex, literal.utf8Start, bytes.count) == 0
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
