import MailTLSCore

/// Joins libxml2's tree with the scanner's located elements. They must agree on every element
/// name, attribute and text, in order; the first difference is an error, so a byte range is
/// only ever used when two independent readings put the same element there.
enum TreeMatch {
    static func join(_ reference: LibXMLElement, _ located: ScannedElement, in file: TextFile) throws(InputError) -> XMLElement {
        guard reference.qualifiedName == located.name else {
            throw mismatch("element <\(located.name)> where libxml2 has <\(reference.qualifiedName)>", reference.line)
        }
        let attributes = located.attributes.filter { $0.name != "xmlns" && !$0.name.hasPrefix("xmlns:") }
        guard attributes.count == reference.attributes.count,
            zip(attributes, reference.attributes).allSatisfy({ $0.name == $1.name && comparable($0.value, $1.value) })
        else { throw mismatch("attributes of <\(located.name)>", reference.line) }
        guard comparable(located.text, reference.text) else {
            throw mismatch("text of <\(located.name)>", reference.line)
        }
        guard located.children.count == reference.children.count else {
            throw mismatch("children of <\(located.name)>", reference.line)
        }
        var children: [XMLElement] = []
        children.reserveCapacity(located.children.count)
        for (referenceChild, locatedChild) in zip(reference.children, located.children) {
            children.append(try join(referenceChild, locatedChild, in: file))
        }
        let value = valueScalars(located, in: file)
        return XMLElement(
            name: reference.qualifiedName, localName: reference.localName, namespaceURI: reference.namespaceURI,
            attributes: reference.attributes, text: reference.text, children: children, line: reference.line,
            range: file.byteRange(located.whole), valueRange: file.byteRange(value),
            scalarRange: located.whole, contentScalars: located.content)
    }

    /// The content without surrounding whitespace; for `<a/>` the empty range before `/>`.
    private static func valueScalars(_ element: ScannedElement, in file: TextFile) -> Range<Int> {
        guard let content = element.content else {
            let slash = element.whole.upperBound - 2
            return slash..<slash
        }
        var lower = content.lowerBound, upper = content.upperBound
        while lower < upper, MarkupScanner.isWhitespace(file.scalars[lower]) { lower += 1 }
        while upper > lower, MarkupScanner.isWhitespace(file.scalars[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// Whether two texts agree. Non-ASCII characters compare as one placeholder each: libxml2
    /// (iconv) and the core's CP932 table may map a few code-page characters to different
    /// code points (the wave dash), which says nothing about where the markup is. Equal UTF-8
    /// (nearly always) is decided without walking the characters.
    private static func comparable(_ a: String, _ b: String) -> Bool {
        if sameUTF8(a, b) { return true }
        return a.unicodeScalars.lazy.map(placeholder).elementsEqual(b.unicodeScalars.lazy.map(placeholder))
    }

    private static func sameUTF8(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in b.withUTF8 { y in x.count == y.count && x.elementsEqual(y) } }
    }

    private static func placeholder(_ scalar: Unicode.Scalar) -> Unicode.Scalar { scalar.isASCII ? scalar : "\u{FFFD}" }

    private static func mismatch(_ what: String, _ line: Int) -> InputError {
        InputError(.unsupportedFormat, "XML: line \(line): \(what) could not be located byte for byte; nothing changed")
    }
}
