import MailTLSCore

/// Splits a prefs.js / user.js text into tokens, the way libpref's parser does: whitespace
/// (space, tab, VT, FF, LF, CR, CRLF) and comments (`#`, `//`, `/* */`) between tokens,
/// single- or double-quoted strings with the escapes `\" \' \\ \n \r \xNN \uNNNN`, signed
/// 32-bit integers, bare words and the punctuation `( ) , ;`.
///
/// Works on the scalars of a `TextFile`, so every token knows its exact bytes. A bad token is
/// thrown after the lexer has stepped past it, so the parser can recover and go on.
struct PrefLexer {
    private let scalars: [Unicode.Scalar]
    private var position = 0
    /// Line of `position` (1-based). LF, CR and CRLF each end one line, also inside strings
    /// and comments.
    private(set) var line = 1
    /// Scalar ranges of `/* */` comments, so that an inserted line never lands inside one.
    private(set) var blockComments: [Range<Int>] = []

    init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    mutating func next() throws(PrefSyntaxError) -> PrefToken {
        try skipWhitespaceAndComments()
        let start = position
        let startLine = line
        guard let c = peek() else { return PrefToken(kind: .endOfFile, range: start..<start, line: line) }
        let kind: PrefToken.Kind
        switch c {
        case "(", ")", ",", ";":
            advance()
            kind = .punctuation(c)
        case "\"", "'":
            kind = try string(quote: c)
        case "+", "-", "0"..."9":
            kind = try integer()
        case _ where Self.isWordStart(c):
            while let d = peek(), Self.isWordStart(d) || ("0"..."9").contains(d) { advance() }
            kind = .word(text(start..<position))
        default:
            advance()
            throw PrefSyntaxError(line: startLine, message: "unexpected character\(Self.describe(c))")
        }
        return PrefToken(kind: kind, range: start..<position, line: startLine)
    }

    // MARK: - Trivia

    private mutating func skipWhitespaceAndComments() throws(PrefSyntaxError) {
        while let c = peek() {
            if Self.isWhitespace(c) {
                advance()
            } else if c == "#" || (c == "/" && peek(1) == "/") {
                while let d = peek(), d != "\n", d != "\r" { advance() }
            } else if c == "/" && peek(1) == "*" {
                let start = position
                let startLine = line
                advance(2)
                while peek() != nil, !(peek() == "*" && peek(1) == "/") { advance() }
                guard peek() != nil else {
                    throw PrefSyntaxError(line: startLine, message: "unterminated comment")
                }
                advance(2)
                blockComments.append(start..<position)
            } else {
                return
            }
        }
    }

    // MARK: - Strings

    private mutating func string(quote: Unicode.Scalar) throws(PrefSyntaxError) -> PrefToken.Kind {
        let startLine = line
        advance()
        // Most strings have no escape and no line break: one scan to the closing quote, one
        // `String` made from the scalars, and no line counting.
        var end = position
        while end < scalars.count {
            let c = scalars[end]
            if c == quote || c == "\\" || c == "\n" || c == "\r" { break }
            end += 1
        }
        if end < scalars.count, scalars[end] == quote {
            let text = text(position..<end)
            position = end + 1
            return .string(text, quote: quote)
        }
        var bytes: [UInt8] = []
        // A bad escape does not stop the string: the lexer still walks to the closing quote so
        // that recovery resumes after the whole literal, then reports the first problem.
        var problem: PrefSyntaxError?
        while true {
            guard let c = peek() else {
                throw PrefSyntaxError(line: startLine, message: "unterminated string")
            }
            advance()
            if c == quote { break }
            guard c == "\\" else {
                Self.appendUTF8(c, to: &bytes)
                continue
            }
            let escapeLine = line
            guard let e = peek() else {
                throw PrefSyntaxError(line: startLine, message: "unterminated string")
            }
            advance()
            switch e {
            case "\"", "'", "\\": bytes.append(UInt8(e.value))
            case "n": bytes.append(0x0A)
            case "r": bytes.append(0x0D)
            case "x":
                if let value = hexDigits(2), value != 0 {
                    bytes.append(UInt8(value))
                } else {
                    problem = problem ?? PrefSyntaxError(line: escapeLine, message: "bad \\x escape in string")
                }
            case "u":
                if let scalar = unicodeEscape() {
                    Self.appendUTF8(scalar, to: &bytes)
                } else {
                    problem = problem ?? PrefSyntaxError(line: escapeLine, message: "bad \\u escape in string")
                }
            default:
                problem = problem ?? PrefSyntaxError(line: escapeLine, message: "unknown escape in string")
            }
        }
        if let problem { throw problem }
        return .string(String(decoding: bytes, as: UTF8.self), quote: quote)
    }

    /// The scalar of a `\uNNNN` escape whose `\u` was just read, joining a surrogate pair
    /// written as two escapes. Nil for a NUL, a lone surrogate or too few hex digits.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let unit = hexDigits(4), unit != 0 else { return nil }
        if (0xDC00...0xDFFF).contains(unit) { return nil }
        guard (0xD800...0xDBFF).contains(unit) else { return Unicode.Scalar(UInt32(unit)) }
        guard peek() == "\\", peek(1) == "u" else { return nil }
        advance(2)
        guard let low = hexDigits(4), (0xDC00...0xDFFF).contains(low) else { return nil }
        return Unicode.Scalar(UInt32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)))
    }

    /// Reads exactly `count` hex digits, or as many as there are (returning nil if short).
    private mutating func hexDigits(_ count: Int) -> Int? {
        var value = 0
        for _ in 0..<count {
            guard let c = peek(), let digit = Self.hexValue(c) else { return nil }
            advance()
            value = value * 16 + digit
        }
        return value
    }

    // MARK: - Integers

    private mutating func integer() throws(PrefSyntaxError) -> PrefToken.Kind {
        let startLine = line
        var negative = false
        if let sign = peek(), sign == "+" || sign == "-" {
            negative = sign == "-"
            advance()
            guard let d = peek(), ("0"..."9").contains(d) else {
                throw PrefSyntaxError(line: startLine, message: "expected digits after '\(sign)'")
            }
        }
        // Accumulate with a ceiling so that a long run of digits cannot overflow.
        let limit = 2_147_483_648
        var magnitude = 0
        while let d = peek(), ("0"..."9").contains(d) {
            advance()
            magnitude = min(magnitude * 10 + Int(d.value - 48), limit + 1)
        }
        guard magnitude <= (negative ? limit : limit - 1) else {
            throw PrefSyntaxError(line: startLine, message: "integer out of range")
        }
        return .integer(negative ? -magnitude : magnitude)
    }

    // MARK: - Scalars

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        position + ahead < scalars.count ? scalars[position + ahead] : nil
    }

    private mutating func advance(_ count: Int = 1) {
        for _ in 0..<count where position < scalars.count {
            let c = scalars[position]
            if c == "\n" || (c == "\r" && peek(1) != "\n") { line += 1 }
            position += 1
        }
    }

    private func text(_ range: Range<Int>) -> String { TextFile.string(scalars[range]) }

    private static func appendUTF8(_ c: Unicode.Scalar, to bytes: inout [UInt8]) {
        if c.value < 0x80 {
            bytes.append(UInt8(c.value))
        } else {
            bytes.append(contentsOf: UTF8.encode(c)!)
        }
    }

    private static func isWhitespace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\u{0B}" || c == "\u{0C}" || c == "\n" || c == "\r"
    }

    private static func isWordStart(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_"
    }

    private static func hexValue(_ c: Unicode.Scalar) -> Int? {
        switch c {
        case "0"..."9": Int(c.value - 48)
        case "a"..."f": Int(c.value - 97 + 10)
        case "A"..."F": Int(c.value - 65 + 10)
        default: nil
        }
    }

    /// A character for an error message: printable ASCII punctuation is named; anything else
    /// (letters and digits could be part of a password) is not shown.
    private static func describe(_ c: Unicode.Scalar) -> String {
        let shown = c.isASCII && c.value > 0x20 && c.value < 0x7F && !c.properties.isAlphabetic
            && !("0"..."9").contains(c)
        return shown ? " '\(c)'" : ""
    }
}
