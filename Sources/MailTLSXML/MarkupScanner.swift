import MailTLSCore

/// An element as found in the bytes of the file, with view offsets (see `UTF8View`). Only
/// trusted after it matched libxml2's tree (see `TreeMatch`). Elements are kept in document
/// order of their start tags, so an element's children follow it.
struct ScannedElement {
    /// The name as written (with its prefix).
    var name: Range<Int>
    /// Its attributes: indices into `MarkupScan.attributes`.
    var attributes: Range<Int>
    /// The whole element, start tag to end tag.
    var whole: Range<Int>
    /// Between the start tag and the end tag; nil for an empty-element tag `<a/>`.
    var content: Range<Int>?
    /// Index just past this element's descendants in `MarkupScan.elements`.
    var next: Int
    /// The first of the element's own pieces of text in `MarkupScan.texts` (linked by
    /// `TextPiece.next`), or -1.
    var firstText = -1
}

/// An attribute as written: its value still holds references and unnormalised whitespace
/// unless `plain`.
struct ScannedAttribute {
    var name: Range<Int>
    var value: Range<Int>
    var plain: Bool
}

/// A piece of an element's text: character data or a CDATA section (`reference` is nil; line
/// endings still to be read as LF), or one character reference.
struct TextPiece {
    var range: Range<Int>
    var reference: Unicode.Scalar?
    var next = -1
}

/// What the scanner found: flat arrays, so a document costs a handful of allocations whatever
/// its size.
struct MarkupScan {
    var elements: [ScannedElement] = []
    var attributes: [ScannedAttribute] = []
    var texts: [TextPiece] = []
}

/// A small, strict walker over the bytes of a document libxml2 has already accepted. It knows
/// just enough XML (declaration, processing instructions, comments, DOCTYPE with an internal
/// subset, CDATA, tags, attributes, references) to find where each element's text sits.
/// Anything it does not understand is an error, never a guess. No recursion: nesting is an
/// explicit stack. Markup is ASCII, so non-ASCII bytes are only ever part of names and text.
struct MarkupScanner {
    private let s: UnsafeBufferPointer<UInt8>
    private let view: UTF8View
    private var i: Int
    private var found = MarkupScan()

    private init(_ s: UnsafeBufferPointer<UInt8>, _ view: UTF8View) {
        self.s = s
        self.view = view
        i = 0
    }

    static func scan(_ view: UTF8View) throws(InputError) -> MarkupScan {
        try view.bytes.withUnsafeBufferPointer { (buffer) throws(InputError) -> MarkupScan in
            var scanner = MarkupScanner(buffer, view)
            try scanner.document()
            return scanner.found
        }
    }

    /// An element whose end tag is still to come, and the last piece of its text so far.
    private struct Open {
        var index: Int
        var lastText = -1
    }

    private mutating func document() throws(InputError) {
        var stack: [Open] = []
        var roots = 0
        found.elements.reserveCapacity(s.count / 32)
        found.texts.reserveCapacity(s.count / 16)
        while i < s.count {
            let c = s[i]
            if c == UInt8(ascii: "<") {
                let next = i + 1 < s.count ? s[i + 1] : 0
                if next == UInt8(ascii: "?") {
                    i = try end(of: "?>", from: i + 2)
                } else if next == UInt8(ascii: "!"), has("<!--") {
                    i = try end(of: "-->", from: i + 4)
                } else if next == UInt8(ascii: "!"), has("<![CDATA[") {
                    guard !stack.isEmpty else { throw fail("CDATA outside the root element") }
                    let close = try find("]]>", from: i + 9)
                    addText(TextPiece(range: i + 9..<close, reference: nil), to: &stack[stack.count - 1])
                    i = close + 3
                } else if next == UInt8(ascii: "!"), has("<!DOCTYPE") {
                    guard stack.isEmpty, roots == 0 else { throw fail("misplaced DOCTYPE") }
                    try skipDoctype()
                } else if next == UInt8(ascii: "/") {
                    let start = i
                    i += 2
                    let name = try readName()
                    skipWhitespace()
                    try expect(UInt8(ascii: ">"))
                    guard let open = stack.popLast(), same(found.elements[open.index].name, name) else {
                        throw fail("unmatched end tag </\(string(name))>")
                    }
                    found.elements[open.index].whole = found.elements[open.index].whole.lowerBound..<i
                    found.elements[open.index].content = found.elements[open.index].content!.lowerBound..<start
                    found.elements[open.index].next = found.elements.count
                    if stack.isEmpty { roots += 1 }
                } else {
                    let start = i
                    i += 1
                    let name = try readName()
                    let firstAttribute = found.attributes.count
                    let selfClosing = try readAttributes()
                    if stack.isEmpty, roots > 0 { throw fail("second root element") }
                    let index = found.elements.count
                    found.elements.append(ScannedElement(
                        name: name, attributes: firstAttribute..<found.attributes.count, whole: start..<i,
                        content: selfClosing ? nil : i..<i, next: index + 1))
                    if selfClosing {
                        if stack.isEmpty { roots += 1 }
                    } else {
                        stack.append(Open(index: index))
                    }
                }
            } else if !stack.isEmpty {
                let start = i
                if c == UInt8(ascii: "&") {
                    let scalar = try readReference()
                    addText(TextPiece(range: start..<i, reference: scalar), to: &stack[stack.count - 1])
                } else {
                    var k = i + 1
                    while k < s.count, s[k] != UInt8(ascii: "<"), s[k] != UInt8(ascii: "&") { k += 1 }
                    i = k
                    addText(TextPiece(range: start..<i, reference: nil), to: &stack[stack.count - 1])
                }
            } else {
                guard Self.isWhitespace(c) else { throw fail("text outside the root element") }
                i += 1
            }
        }
        guard stack.isEmpty, roots == 1 else { throw fail("unclosed element") }
    }

    // MARK: - Pieces

    private mutating func addText(_ piece: TextPiece, to open: inout Open) {
        let index = found.texts.count
        found.texts.append(piece)
        if open.lastText < 0 {
            found.elements[open.index].firstText = index
        } else {
            found.texts[open.lastText].next = index
        }
        open.lastText = index
    }

    /// Reads the attributes of a start tag up to its `>` or `/>`; true for `/>`.
    private mutating func readAttributes() throws(InputError) -> Bool {
        while true {
            skipWhitespace()
            guard i < s.count else { throw fail("unterminated start tag") }
            if has("/>") {
                i += 2
                return true
            }
            if s[i] == UInt8(ascii: ">") {
                i += 1
                return false
            }
            let name = try readName()
            skipWhitespace()
            try expect(UInt8(ascii: "="))
            skipWhitespace()
            guard i < s.count, s[i] == UInt8(ascii: "\"") || s[i] == UInt8(ascii: "'") else {
                throw fail("attribute value without quotes")
            }
            let quote = s[i]
            i += 1
            let start = i
            var plain = true
            while true {
                guard i < s.count else { throw fail("unterminated attribute value") }
                let c = s[i]
                if c == quote { break }
                if c == UInt8(ascii: "<") { throw fail("'<' in attribute value") }
                if c == UInt8(ascii: "&") {
                    _ = try readReference()
                    plain = false
                    continue
                }
                if c == 0x0D || c == 0x0A || c == 0x09 { plain = false }
                i += 1
            }
            found.attributes.append(ScannedAttribute(name: name, value: start..<i, plain: plain))
            i += 1
        }
    }

    /// Reads the reference at `i` (`&...;`) and returns the character it stands for: the five
    /// predefined entities and character references; any other name is an error.
    private mutating func readReference() throws(InputError) -> Unicode.Scalar {
        guard let (scalar, length) = Self.reference(s, at: i) else {
            var k = i + 1
            while k < s.count, s[k] != UInt8(ascii: ";"), k - i <= 16 { k += 1 }
            guard k < s.count, s[k] == UInt8(ascii: ";") else { throw fail("unterminated reference") }
            let name = string(i + 1..<k)
            throw fail(name.hasPrefix("#") ? "bad character reference &\(name);" : "entity reference &\(name);")
        }
        i += length
        return scalar
    }

    /// The character a reference at `at` stands for and the reference's length, or nil.
    static func reference(_ s: UnsafeBufferPointer<UInt8>, at start: Int) -> (Unicode.Scalar, Int)? {
        var k = start + 1
        while k < s.count, s[k] != UInt8(ascii: ";"), k - start <= 16 { k += 1 }
        guard k < s.count, s[k] == UInt8(ascii: ";") else { return nil }
        let name = UnsafeBufferPointer(rebasing: s[(start + 1)..<k])
        let length = k + 1 - start
        switch name.count {
        case 2 where name[1] == UInt8(ascii: "t") && name[0] == UInt8(ascii: "l"): return ("<", length)
        case 2 where name[1] == UInt8(ascii: "t") && name[0] == UInt8(ascii: "g"): return (">", length)
        case 3 where name.elementsEqual("amp".utf8): return ("&", length)
        case 4 where name.elementsEqual("apos".utf8): return ("'", length)
        case 4 where name.elementsEqual("quot".utf8): return ("\"", length)
        default: break
        }
        guard name.count >= 2, name[0] == UInt8(ascii: "#") else { return nil }
        var digits = name.dropFirst()
        var radix: UInt32 = 10
        if digits.first == UInt8(ascii: "x") {
            radix = 16
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty else { return nil }
        var value: UInt32 = 0
        for byte in digits {
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F") where radix == 16: digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            guard value <= 0x10FFFF else { return nil }
            value = value * radix + digit
        }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }

    /// Skips `<!DOCTYPE ...>` including an internal subset, whose declarations may hold `>`
    /// inside quotes, comments and processing instructions.
    private mutating func skipDoctype() throws(InputError) {
        i += 9
        var inSubset = false
        while i < s.count {
            let c = s[i]
            if inSubset, has("<!--") {
                i = try end(of: "-->", from: i + 4)
            } else if inSubset, has("<?") {
                i = try end(of: "?>", from: i + 2)
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                i += 1
                while i < s.count, s[i] != c { i += 1 }
                guard i < s.count else { throw fail("unterminated literal in DOCTYPE") }
                i += 1
            } else if c == UInt8(ascii: "[") {
                inSubset = true
                i += 1
            } else if c == UInt8(ascii: "]") {
                inSubset = false
                i += 1
            } else if c == UInt8(ascii: ">"), !inSubset {
                i += 1
                return
            } else {
                i += 1
            }
        }
        throw fail("unterminated DOCTYPE")
    }

    private mutating func readName() throws(InputError) -> Range<Int> {
        let start = i
        var k = i
        while k < s.count, !Self.endsName(s[k]) { k += 1 }
        i = k
        guard i > start else { throw fail("missing name") }
        return start..<i
    }

    /// Whitespace, `>`, `/`, `=`, `<`, `"` or `'`: one test on ASCII letters, digits and most
    /// name characters (all above `>`).
    @inline(__always)
    private static func endsName(_ c: UInt8) -> Bool {
        c <= UInt8(ascii: ">")
            && (isWhitespace(c) || c == UInt8(ascii: ">") || c == UInt8(ascii: "/") || c == UInt8(ascii: "=")
                || c == UInt8(ascii: "<") || c == UInt8(ascii: "\"") || c == UInt8(ascii: "'"))
    }

    private func same(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        guard a.count == b.count else { return false }
        var j = b.lowerBound
        for k in a {
            if s[k] != s[j] { return false }
            j += 1
        }
        return true
    }

    private func string(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: s[range]), as: UTF8.self) }

    private mutating func skipWhitespace() {
        while i < s.count, Self.isWhitespace(s[i]) { i += 1 }
    }

    private mutating func expect(_ c: UInt8) throws(InputError) {
        guard i < s.count, s[i] == c else { throw fail("expected '\(Unicode.Scalar(c))'") }
        i += 1
    }

    private func has(_ literal: StaticString) -> Bool { Self.has(literal, in: s, at: i) }

    private static func has(_ literal: StaticString, in s: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard i + count <= s.count else { return false }
        let bytes = literal.utf8Start
        for k in 0..<count where s[i + k] != bytes[k] { return false }
        return true
    }

    /// Index of the first occurrence of `literal` at or after `start`.
    private func find(_ literal: StaticString, from start: Int) throws(InputError) -> Int {
        let first = literal.utf8Start[0]
        var k = start
        while k < s.count {
            if s[k] == first, Self.has(literal, in: s, at: k) { return k }
            k += 1
        }
        throw fail("missing '\(literal)'")
    }

    /// Index just past the first `literal` at or after `start`.
    private func end(of literal: StaticString, from start: Int) throws(InputError) -> Int {
        try find(literal, from: start) + literal.utf8CodeUnitCount
    }

    @inline(__always)
    static func isWhitespace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D
    }

    private func fail(_ what: String) -> InputError {
        let offset = view.fileOffset(min(i, s.count))
        return InputError(
            .unsupportedFormat,
            "XML: cannot locate the markup byte for byte (\(what) at offset 0x\(String(offset, radix: 16)))")
    }
}
