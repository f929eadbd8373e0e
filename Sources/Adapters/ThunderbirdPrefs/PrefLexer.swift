/// Splits a prefs.js / user.js text into tokens, the way libpref's parser does: whitespace
/// (space, tab, VT, FF, LF, CR, CRLF) and comments (`#`, `//`, `/* */`) between tokens,
/// single- or double-quoted strings with the escapes `\" \' \\ \n \r \xNN \uNNNN`, signed
/// 32-bit integers, bare words and the punctuation `( ) , ;`.
///
/// Works on the UTF-8 bytes of a `PrefText` (syntax is ASCII, and no byte of a multi-byte
/// character is ASCII), so a token is a pair of indices and nothing is allocated per token.
/// A bad token is thrown after the lexer has stepped past it, so the parser can recover and
/// go on.
struct PrefLexer {
    private let b: UnsafeBufferPointer<UInt8>
    private var position: Int
    /// Line of `position` (1-based). LF, CR and CRLF each end one line, also inside strings
    /// and comments.
    private(set) var line = 1
    /// View ranges of `/* */` comments, so that an inserted line never lands inside one.
    private(set) var blockComments: [Range<Int>] = []

    /// Lexes `bytes` (the view, nothing after it) from `start`.
    init(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) {
        b = bytes
        position = start
    }

    mutating func next() throws(PrefSyntaxError) -> PrefToken {
        if position < b.count, Self.mayStartTrivia(b[position]) { try skipWhitespaceAndComments() }
        let start = position
        let startLine = line
        guard position < b.count else { return PrefToken(kind: .endOfFile, range: start..<start, line: line) }
        let c = b[position]
        let kind: PrefToken.Kind
        switch c {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","), UInt8(ascii: ";"):
            position += 1
            kind = .punctuation(c)
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            kind = try string(quote: c)
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            kind = try integer()
        case _ where Self.isWordStart(c):
            position += 1
            while position < b.count, Self.isWordStart(b[position]) || Self.isDigit(b[position]) { position += 1 }
            kind = .word
        default:
            // The whole character, so that recovery never starts inside one.
            position = min(position + Self.sequenceLength(c), b.count)
            throw PrefSyntaxError(line: startLine, message: "unexpected character\(Self.describe(c))")
        }
        return PrefToken(kind: kind, range: start..<position, line: startLine)
    }

    /// Steps over `punctuation` when it is the very next byte (no trivia before it).
    mutating func skip(_ punctuation: UInt8) -> Bool {
        guard position < b.count, b[position] == punctuation else { return false }
        position += 1
        return true
    }

    // MARK: - Trivia

    /// Whitespace and control bytes, and `#` and `/`, which may start a comment.
    @inline(__always)
    private static func mayStartTrivia(_ c: UInt8) -> Bool {
        c <= 0x20 || c == UInt8(ascii: "#") || c == UInt8(ascii: "/")
    }

    private mutating func skipWhitespaceAndComments() throws(PrefSyntaxError) {
        while position < b.count {
            let c = b[position]
            if c == 0x20 || c == 0x09 || c == 0x0B || c == 0x0C {
                position += 1
            } else if c == 0x0A || c == 0x0D {
                countLine(c)
                position += 1
            } else if c == UInt8(ascii: "#") || (c == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "/")) {
                while position < b.count, b[position] != 0x0A, b[position] != 0x0D { position += 1 }
            } else if c == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "*") {
                let start = position
                let startLine = line
                position += 2
                while position < b.count {
                    let d = b[position]
                    if d == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") { break }
                    countLine(d)
                    position += 1
                }
                guard position < b.count else {
                    throw PrefSyntaxError(line: startLine, message: "unterminated comment")
                }
                position += 2
                blockComments.append(start..<position)
            } else {
                return
            }
        }
    }

    // MARK: - Strings

    private mutating func string(quote: UInt8) throws(PrefSyntaxError) -> PrefToken.Kind {
        let startLine = line
        position += 1
        let body = position
        // Most strings have no escape and no line break: their value is the bytes inside the
        // quotes.
        let end = firstSpecial(from: position, quote: quote)
        if end < b.count, b[end] == quote {
            position = end + 1
            return .string(PrefString(body: body..<end, escaped: false))
        }
        // The others are checked here and resolved only if their value is used.
        var unused: [UInt8] = []
        try walkString(quote: quote, startLine: startLine, collect: false, into: &unused)
        return .string(PrefString(body: body..<position - 1, escaped: true))
    }

    /// The value of the string literal whose body (between the quotes) is `body` in `bytes`,
    /// its escapes resolved. `\xNN` may make invalid UTF-8: the value is given as a `String`
    /// would hold it.
    static func resolve(_ bytes: UnsafeBufferPointer<UInt8>, body: Range<Int>) -> [UInt8] {
        var lexer = PrefLexer(bytes, from: body.lowerBound)
        var value: [UInt8] = []
        value.reserveCapacity(body.count)
        _ = try? lexer.walkString(quote: bytes[body.lowerBound - 1], startLine: 1, collect: true, into: &value)
        return Array(String(decoding: value, as: UTF8.self).utf8)
    }

    /// Walks a string literal from `position` (just after its opening quote) to just after its
    /// closing quote, counting lines and checking escapes; with `collect`, appends its value
    /// to `bytes`.
    private mutating func walkString(quote: UInt8, startLine: Int, collect: Bool, into bytes: inout [UInt8]) throws(PrefSyntaxError) {
        // A bad escape does not stop the string: the lexer still walks to the closing quote so
        // that recovery resumes after the whole literal, then reports the first problem.
        var problem: PrefSyntaxError?
        while true {
            let next = firstSpecial(from: position, quote: quote)
            if collect { bytes += b[position..<next] }
            position = next
            guard position < b.count else {
                throw PrefSyntaxError(line: startLine, message: "unterminated string")
            }
            let c = b[position]
            countLine(c)
            position += 1
            if c == quote { break }
            guard c == UInt8(ascii: "\\") else {
                if collect { bytes.append(c) }
                continue
            }
            let escapeLine = line
            guard position < b.count else {
                throw PrefSyntaxError(line: startLine, message: "unterminated string")
            }
            let e = b[position]
            countLine(e)
            position += 1
            var resolved: UInt8?
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"): resolved = e
            case UInt8(ascii: "n"): resolved = 0x0A
            case UInt8(ascii: "r"): resolved = 0x0D
            case UInt8(ascii: "x"):
                if let value = hexDigits(2), value != 0 {
                    resolved = UInt8(value)
                } else {
                    problem = problem ?? PrefSyntaxError(line: escapeLine, message: "bad \\x escape in string")
                }
            case UInt8(ascii: "u"):
                if let scalar = unicodeEscape() {
                    if collect { UTF8.encode(scalar) { bytes.append($0) } }
                } else {
                    problem = problem ?? PrefSyntaxError(line: escapeLine, message: "bad \\u escape in string")
                }
            default:
                problem = problem ?? PrefSyntaxError(line: escapeLine, message: "unknown escape in string")
            }
            if collect, let resolved { bytes.append(resolved) }
        }
        if let problem { throw problem }
    }

    /// The scalar of a `\uNNNN` escape whose `\u` was just read, joining a surrogate pair
    /// written as two escapes. Nil for a NUL, a lone surrogate or too few hex digits.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let unit = hexDigits(4), unit != 0 else { return nil }
        if (0xDC00...0xDFFF).contains(unit) { return nil }
        guard (0xD800...0xDBFF).contains(unit) else { return Unicode.Scalar(UInt32(unit)) }
        guard peek() == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "u") else { return nil }
        position += 2
        guard let low = hexDigits(4), (0xDC00...0xDFFF).contains(low) else { return nil }
        return Unicode.Scalar(UInt32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)))
    }

    /// Reads exactly `count` hex digits, or as many as there are (returning nil if short).
    private mutating func hexDigits(_ count: Int) -> Int? {
        var value = 0
        for _ in 0..<count {
            guard let c = peek(), let digit = Self.hexValue(c) else { return nil }
            position += 1
            value = value * 16 + digit
        }
        return value
    }

    // MARK: - Integers

    private mutating func integer() throws(PrefSyntaxError) -> PrefToken.Kind {
        let startLine = line
        var negative = false
        let sign = b[position]
        if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            position += 1
            guard let d = peek(), Self.isDigit(d) else {
                throw PrefSyntaxError(line: startLine, message: "expected digits after '\(negative ? "-" : "+")'")
            }
        }
        // Accumulate with a ceiling so that a long run of digits cannot overflow.
        let limit = 2_147_483_648
        var magnitude = 0
        while position < b.count, Self.isDigit(b[position]) {
            magnitude = min(magnitude * 10 + Int(b[position] &- 48), limit + 1)
            position += 1
        }
        guard magnitude <= (negative ? limit : limit - 1) else {
            throw PrefSyntaxError(line: startLine, message: "integer out of range")
        }
        return .integer(negative ? -magnitude : magnitude)
    }

    // MARK: - Bytes

    /// The index of the first quote `quote`, backslash, LF or CR at or after `start` (the end
    /// if none): eight bytes at a time, each tested for a zero byte after XOR with the four.
    @inline(__always)
    private func firstSpecial(from start: Int, quote: UInt8) -> Int {
        var i = start
        if let base = b.baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            let quotes = UInt64(quote) &* ones
            @inline(__always) func zeroBytes(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
            while i + 8 <= b.count {
                let w = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                let found = zeroBytes(w ^ quotes) | zeroBytes(w ^ (0x5C &* ones)) | zeroBytes(w ^ (0x0A &* ones))
                    | zeroBytes(w ^ (0x0D &* ones))
                // The lowest flagged byte is always a true match (a borrow only flags bytes above).
                if found != 0 { return i + found.trailingZeroBitCount / 8 }
                i += 8
            }
        }
        while i < b.count {
            let c = b[i]
            if c == quote || c == UInt8(ascii: "\\") || c == 0x0A || c == 0x0D { return i }
            i += 1
        }
        return i
    }

    @inline(__always)
    private func peek(_ ahead: Int = 0) -> UInt8? {
        position + ahead < b.count ? b[position + ahead] : nil
    }

    /// Counts the line `c`, the byte at `position`, ends: LF, or CR not followed by LF.
    @inline(__always)
    private mutating func countLine(_ c: UInt8) {
        if c == 0x0A || (c == 0x0D && peek(1) != 0x0A) { line += 1 }
    }

    @inline(__always)
    private static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }

    @inline(__always)
    private static func isWordStart(_ c: UInt8) -> Bool { (c | 0x20) &- 0x61 < 26 || c == UInt8(ascii: "_") }

    private static func hexValue(_ c: UInt8) -> Int? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(c - 48)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(c - 97 + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(c - 65 + 10)
        default: nil
        }
    }

    /// Bytes of the UTF-8 character that starts with `lead` (1 for any byte that cannot).
    private static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xC2...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xF4: 4
        default: 1
        }
    }

    /// A character for an error message: printable ASCII punctuation is named; anything else
    /// (letters and digits could be part of a password) is not shown.
    private static func describe(_ c: UInt8) -> String {
        let shown = c > 0x20 && c < 0x7F && (c | 0x20) &- 0x61 >= 26 && !isDigit(c)
        return shown ? " '\(Unicode.Scalar(c))'" : ""
    }
}
