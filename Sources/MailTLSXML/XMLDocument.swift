import MailTLSCore

/// An XML settings file read by libxml2 and located in its own bytes, for adapters that edit
/// XML without rewriting it. This module is the only code that imports libxml2.
///
/// Decisions (issue 4):
/// - **libxml2 parses.** Encodings (BOM, UTF-16 without BOM, declared encodings),
///   well-formedness, namespaces, character references and CDATA are libxml2's job.
/// - **Hardened.** One parser context per parse; options `XML_PARSE_NONET | NOERROR |
///   NOWARNING | NOCDATA | COMPACT`, never `NOENT`, `DTDLOAD`, `DTDATTR`, `DTDVALID`, `XINCLUDE` or `HUGE`.
///   SAX overrides on that context: the first entity declaration (general or parameter, internal
///   or external, parsed or unparsed) stops the parser before anything can reference it;
///   `SYSTEM`/`PUBLIC` ones give `.xmlExternalEntity` ("XML: external entities are not
///   allowed"), internal ones `.xmlEntityExpansion`. The external-subset and resolve-entity
///   callbacks do nothing, so no URI is ever opened. A DOCTYPE without entity declarations is
///   accepted and never loaded; a reference to an undeclared entity is rejected. Errors go to
///   a silent per-context structured handler (no stderr, no global handler) and come back as
///   `InputError(.syntax, "XML: line N: <libxml2 message>")`.
/// - **Located by a second reading.** libxml2 trees carry no byte offsets, so
///   `MarkupScanner` walks the bytes of the core's `UTF8View` (the file itself when it is
///   UTF-8; UTF-16LE/BE and CP932 transcoded to UTF-8 with each byte's file offset) and `TreeMatch` requires its element names, attributes and text to equal libxml2's,
///   element by element, comparing UTF-8 bytes in place. Any difference is an error, never a
///   guess.
/// - **Edits are splices.** `replacingValue` replaces only the value bytes between the tags;
///   `inserting` adds one element after a sibling, copying that line's indentation and line
///   ending; `removing` takes an element out with its own lines. New text is encoded in the
///   file's encoding; everything else stays byte for byte.
/// - Inputs over 4 MiB are refused (settings files are a few KiB); libxml2's own depth and
///   size limits stay on.
public struct XMLDocument: Sendable {
    public let root: XMLElement
    public let encoding: TextEncoding
    /// What the elements' view ranges index: where edits look for line starts and ends.
    let view: UTF8View

    /// The largest input accepted.
    public static let maximumSize = 4 << 20

    /// Parses `bytes` and requires the root element's local name to be `root`.
    public init(parsing bytes: [UInt8], root: String) throws(InputError) {
        self = try XMLDocument(parsing: bytes)
        guard self.root.localName == root else {
            throw InputError(.unsupportedFormat, "XML root is <\(self.root.name)>, not <\(root)>")
        }
    }

    public init(parsing bytes: [UInt8]) throws(InputError) {
        guard !bytes.isEmpty else { throw InputError(.empty, "empty file") }
        guard bytes.count <= Self.maximumSize else {
            throw InputError(.unsupportedFormat, "XML: file larger than 4 MiB, not a settings file")
        }
        // Decode first: a pure step that names encoding faults (unpaired surrogates, NUL bytes)
        // the way every other format does; libxml2 then checks well-formedness and entities.
        encoding = try XMLTextEncoding.choose(bytes)
        view = try UTF8View(file: bytes, encoding: encoding)
        let (reference, referenceRoot) = try LibXML2Parser.parse(bytes)
        let located = try MarkupScanner.scan(view)
        root = try TreeMatch.join(referenceRoot, located, in: view)
        withExtendedLifetime(reference) {}  // libxml2's tree lives until the join is done
    }

    // MARK: - Edits

    /// Replaces the value of `element` (its content without surrounding whitespace) with
    /// `value`, escaped. An empty-element tag `<a/>` becomes `<a>value</a>`.
    public func replacingValue(of element: XMLElement, with value: String) -> ByteEdit {
        let escaped = Self.escaped(value)
        guard !element.isEmptyElementTag else {
            let end = element.viewRange.upperBound
            return ByteEdit(
                replacing: view.fileRange(end - 2..<end),
                with: encoding.encode(">\(escaped)</\(element.name)>"))
        }
        return ByteEdit(replacing: element.valueRange, with: encoding.encode(escaped))
    }

    /// An element `<name>value</name>` (with `attributes`) inserted right after `sibling`.
    /// When the sibling has a line of its own, the new element gets a line of its own with the
    /// sibling's indentation and line ending; otherwise it follows the sibling on its line.
    /// `name` takes the sibling's prefix, so it lands in the sibling's namespace.
    public func inserting(
        _ localName: String, attributes: [XMLAttribute] = [], value: String, after sibling: XMLElement
    ) -> ByteEdit {
        let name = sibling.prefix.map { "\($0):\(localName)" } ?? localName
        let attributeText = attributes.map { " \($0.name)=\"\(Self.escaped($0.value, quotes: true))\"" }.joined()
        return inserting(markup: "<\(name)\(attributeText)>\(Self.escaped(value))</\(name)>", after: sibling)
    }

    /// `markup`, written as given (the caller escapes it), inserted right after `sibling` with
    /// the same layout as `inserting(_:attributes:value:after:)`: for markup that is not one
    /// element with text, such as a property list's `<true/>`.
    public func inserting(markup: String, after sibling: XMLElement) -> ByteEdit {
        let offset = sibling.range.upperBound
        if let layout = ownLine(of: sibling) {
            return ByteEdit(insertAt: offset, encoding.encode(layout.ending.rawValue + layout.indentation + markup))
        }
        return ByteEdit(insertAt: offset, encoding.encode(markup))
    }

    /// Replaces the whole of `element`, tags included, with `markup` (written as given): for
    /// values that are elements themselves, such as `<false/>` -> `<true/>`.
    public func replacing(_ element: XMLElement, withMarkup markup: String) -> ByteEdit {
        ByteEdit(replacing: element.range, with: encoding.encode(markup))
    }

    /// Removes `element`. When it has its lines to itself, the whole lines go, indentation and
    /// line ending included, so no blank line is left behind; otherwise only its own bytes.
    public func removing(_ element: XMLElement) -> ByteEdit {
        guard let layout = ownLine(of: element) else { return ByteEdit(replacing: element.range, with: []) }
        return ByteEdit(replacing: view.fileRange(layout.lines), with: [])
    }

    /// The indentation and line ending of `element`'s line when only blanks share that line
    /// with it (start and end may be on different lines), and the view range of those lines
    /// from the first one's start to past the last one's ending; else nil.
    private func ownLine(of element: XMLElement) -> (indentation: String, ending: LineEnding, lines: Range<Int>)? {
        view.bytes.withUnsafeBufferPointer { s in
            func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
            var start = element.viewRange.lowerBound
            while start > 0, isBlank(s[start - 1]) { start -= 1 }
            guard start == 0 || s[start - 1] == 0x0A || s[start - 1] == 0x0D else { return nil }
            var end = element.viewRange.upperBound
            while end < s.count, isBlank(s[end]) { end += 1 }
            guard end < s.count, s[end] == 0x0A || s[end] == 0x0D else { return nil }
            let ending: LineEnding = s[end] == 0x0A ? .lf : end + 1 < s.count && s[end + 1] == 0x0A ? .crlf : .cr
            let indentation = String(decoding: UnsafeBufferPointer(rebasing: s[start..<element.viewRange.lowerBound]), as: UTF8.self)
            return (indentation, ending, start..<(end + ending.rawValue.utf8.count))
        }
    }

    static func escaped(_ value: String, quotes: Bool = false) -> String {
        var result = ""
        for c in value {
            switch c {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where quotes: result += "&quot;"
            default: result.append(c)
            }
        }
        return result
    }
}
