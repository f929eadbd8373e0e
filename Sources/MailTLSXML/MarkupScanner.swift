import MailTLSCore

/// An element as found in the characters of the file, with scalar positions. Only trusted
/// after it matched libxml2's tree (see `TreeMatch`).
struct ScannedElement {
    /// The name as written (with its prefix).
    var name: String
    var attributes: [XMLAttribute]
    /// The element's own text, decoded the way an XML parser does (references resolved,
    /// CDATA unwrapped, CRLF and CR read as LF).
    var text: String
    var children: [ScannedElement]
    /// Scalar range of the whole element, start tag to end tag.
    var whole: Range<Int>
    /// Scalar range between the start tag and the end tag; nil for an empty-element tag `<a/>`.
    var content: Range<Int>?
}

/// A small, strict walker over the characters of a document libxml2 has already accepted.
/// It knows just enough XML (declaration, processing instructions, comments, DOCTYPE with an
/// internal subset, CDATA, tags, attributes, references) to find where each element's text
/// sits. Anything it does not understand is an error, never a guess. No recursion: nesting is
/// an explicit stack.
struct MarkupScanner {
    private let s: [Unicode.Scalar]
    private let offsets: [Int]
    private var i = 0

    init(_ file: TextFile) {
        s = file.scalars
        offsets = file.offsets
    }

    private struct OpenElement {
        var name: String
        var attributes: [XMLAttribute]
        /// Collected as scalars and made a `String` once, when the element closes.
        var text: [Unicode.Scalar] = []
        var children: [ScannedElement] = []
        var start: Int
        var contentStart: Int
    }

    static func scan(_ file: TextFile) throws(InputError) -> ScannedElement {
        var scanner = MarkupScanner(file)
        return try scanner.document()
    }

    private mutating func document() throws(InputError) -> ScannedElement {
        var stack: [OpenElement] = []
        var root: ScannedElement?
        func attach(_ element: ScannedElement) throws(InputError) {
            if stack.isEmpty {
                guard root == nil else { throw fail("second root element") }
                root = element
            } else {
                stack[stack.count - 1].children.append(element)
            }
        }
        while i < s.count {
            if s[i] == "<" {
                if has("<?") {
                    i = try end(of: "?>", from: i + 2)
                } else if has("<!--") {
                    i = try end(of: "-->", from: i + 4)
                } else if has("<![CDATA[") {
                    guard !stack.isEmpty else { throw fail("CDATA outside the root element") }
                    let close = try find("]]>", from: i + 9)
                    appendText(i + 9..<close, to: &stack[stack.count - 1].text)
                    i = close + 3
                } else if has("<!DOCTYPE") {
                    guard stack.isEmpty, root == nil else { throw fail("misplaced DOCTYPE") }
                    try skipDoctype()
                } else if has("</") {
                    let start = i
                    i += 2
                    let name = try readName()
                    skipWhitespace()
                    try expect(">")
                    guard let open = stack.popLast(), open.name == name else { throw fail("unmatched end tag </\(name)>") }
                    try attach(ScannedElement(
                        name: open.name, attributes: open.attributes, text: TextFile.string(open.text[...]), children: open.children,
                        whole: open.start..<i, content: open.contentStart..<start))
                } else {
                    let start = i
                    i += 1
                    let name = try readName()
                    let (attributes, selfClosing) = try readAttributes()
                    if selfClosing {
                        try attach(ScannedElement(name: name, attributes: attributes, text: "", children: [], whole: start..<i, content: nil))
                    } else {
                        guard root == nil || !stack.isEmpty else { throw fail("second root element") }
                        stack.append(OpenElement(name: name, attributes: attributes, start: start, contentStart: i))
                    }
                }
            } else if stack.isEmpty {
                guard Self.isWhitespace(s[i]) else { throw fail("text outside the root element") }
                i += 1
            } else if s[i] == "&" {
                stack[stack.count - 1].text.append(contentsOf: try readReference())
            } else {
                let start = i
                while i < s.count, s[i] != "<", s[i] != "&" { i += 1 }
                appendText(start..<i, to: &stack[stack.count - 1].text)
            }
        }
        guard stack.isEmpty, let root else { throw fail("unclosed element") }
        return root
    }

    // MARK: - Pieces

    /// Text as an XML parser reports it: CRLF and lone CR become LF.
    private func appendText(_ range: Range<Int>, to text: inout [Unicode.Scalar]) {
        guard s[range].contains("\r") else {
            text.append(contentsOf: s[range])
            return
        }
        var k = range.lowerBound
        while k < range.upperBound {
            if s[k] == "\r" {
                text.append("\n")
                if k + 1 < range.upperBound, s[k + 1] == "\n" { k += 1 }
            } else {
                text.append(s[k])
            }
            k += 1
        }
    }

    private mutating func readAttributes() throws(InputError) -> ([XMLAttribute], selfClosing: Bool) {
        var attributes: [XMLAttribute] = []
        while true {
            skipWhitespace()
            guard i < s.count else { throw fail("unterminated start tag") }
            if has("/>") {
                i += 2
                return (attributes, true)
            }
            if s[i] == ">" {
                i += 1
                return (attributes, false)
            }
            let name = try readName()
            skipWhitespace()
            try expect("=")
            skipWhitespace()
            guard i < s.count, s[i] == "\"" || s[i] == "'" else { throw fail("attribute value without quotes") }
            let quote = s[i]
            i += 1
            // Most values hold no reference and no whitespace to normalise: made in one piece.
            var end = i
            while end < s.count, s[end] != quote, s[end] != "&", s[end] != "<", s[end] != "\r", s[end] != "\n", s[end] != "\t" {
                end += 1
            }
            if end < s.count, s[end] == quote {
                attributes.append(XMLAttribute(name: name, value: TextFile.string(s[i..<end])))
                i = end + 1
                continue
            }
            var value = String.UnicodeScalarView()
            while true {
                guard i < s.count else { throw fail("unterminated attribute value") }
                let c = s[i]
                if c == quote {
                    i += 1
                    break
                } else if c == "&" {
                    value.append(contentsOf: try readReference())
                } else if c == "<" {
                    throw fail("'<' in attribute value")
                } else if c == "\r" {
                    // Line endings are normalised first (CRLF is one break), then every
                    // whitespace character of a CDATA attribute value becomes a space.
                    value.append(" ")
                    i += (i + 1 < s.count && s[i + 1] == "\n") ? 2 : 1
                } else {
                    value.append(c == "\n" || c == "\t" ? " " : c)
                    i += 1
                }
            }
            attributes.append(XMLAttribute(name: name, value: String(value)))
        }
    }

    private mutating func readReference() throws(InputError) -> String.UnicodeScalarView {
        let start = i
        i += 1
        var name = ""
        while i < s.count, s[i] != ";", name.unicodeScalars.count < 16 {
            name.unicodeScalars.append(s[i])
            i += 1
        }
        guard i < s.count, s[i] == ";" else { i = start; throw fail("unterminated reference") }
        i += 1
        switch name {
        case "lt": return "<".unicodeScalars
        case "gt": return ">".unicodeScalars
        case "amp": return "&".unicodeScalars
        case "apos": return "'".unicodeScalars
        case "quot": return "\"".unicodeScalars
        default:
            var digits = Substring(name)
            guard digits.first == "#" else { i = start; throw fail("entity reference &\(name);") }
            digits = digits.dropFirst()
            var radix = 10
            if digits.first == "x" {
                radix = 16
                digits = digits.dropFirst()
            }
            guard let value = UInt32(digits, radix: radix), let scalar = Unicode.Scalar(value) else {
                i = start
                throw fail("bad character reference &\(name);")
            }
            return String(scalar).unicodeScalars
        }
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
            } else if c == "\"" || c == "'" {
                i += 1
                while i < s.count, s[i] != c { i += 1 }
                guard i < s.count else { throw fail("unterminated literal in DOCTYPE") }
                i += 1
            } else if c == "[" {
                inSubset = true
                i += 1
            } else if c == "]" {
                inSubset = false
                i += 1
            } else if c == ">", !inSubset {
                i += 1
                return
            } else {
                i += 1
            }
        }
        throw fail("unterminated DOCTYPE")
    }

    private mutating func readName() throws(InputError) -> String {
        let start = i
        while i < s.count {
            let c = s[i]
            if Self.isWhitespace(c) || c == ">" || c == "/" || c == "=" || c == "<" || c == "\"" || c == "'" { break }
            i += 1
        }
        guard i > start else { throw fail("missing name") }
        return TextFile.string(s[start..<i])
    }

    private mutating func skipWhitespace() {
        while i < s.count, Self.isWhitespace(s[i]) { i += 1 }
    }

    private mutating func expect(_ c: Unicode.Scalar) throws(InputError) {
        guard i < s.count, s[i] == c else { throw fail("expected '\(c)'") }
        i += 1
    }

    private func has(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard i + count <= s.count else { return false }
        let bytes = literal.utf8Start
        for k in 0..<count where s[i + k].value != UInt32(bytes[k]) { return false }
        return true
    }

    /// Index of the first occurrence of `literal` at or after `start`.
    private func find(_ literal: String, from start: Int) throws(InputError) -> Int {
        let pattern = Array(literal.unicodeScalars)
        var k = start
        while k + pattern.count <= s.count {
            if s[k] == pattern[0], s[k..<(k + pattern.count)].elementsEqual(pattern) { return k }
            k += 1
        }
        throw fail("missing '\(literal)'")
    }

    /// Index just past the first `literal` at or after `start`.
    private func end(of literal: String, from start: Int) throws(InputError) -> Int {
        try find(literal, from: start) + literal.unicodeScalars.count
    }

    static func isWhitespace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\n" || c == "\r"
    }

    static func isWhitespace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D
    }

    private func fail(_ what: String) -> InputError {
        let offset = i < offsets.count ? offsets[i] : offsets.last ?? 0
        return InputError(
            .unsupportedFormat,
            "XML: cannot locate the markup byte for byte (\(what) at offset 0x\(String(offset, radix: 16)))")
    }
}
