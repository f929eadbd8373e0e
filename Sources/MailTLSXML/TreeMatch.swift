import CLibXML2
import MailTLSCore

/// Joins libxml2's tree with the scanner's located elements. They must agree on every element
/// name, attribute and text, in order; the first difference is an error, so a byte range is
/// only ever used when two independent readings put the same element there.
///
/// Both sides are compared as UTF-8 bytes: libxml2's strings in its own memory, the scanner's
/// in the file's view (decoded into a scratch buffer only where a reference or a line ending
/// makes the text differ from its bytes). `String`s are made once, for what `XMLElement`
/// hands to adapters.
struct TreeMatch {
    private let s: UnsafeBufferPointer<UInt8>
    private let view: UTF8View
    private let scan: MarkupScan
    /// Scratch for the two texts under comparison, reused for every element and attribute.
    private var located = ScratchBytes()
    private var reference = ScratchBytes()
    /// The last namespace met and its strings: the elements of one namespace share one copy.
    private var namespace: (pointer: xmlNsPtr, prefix: String?, uri: String?)?
    /// Element names already made into `String`s, by libxml2's name pointer: libxml2 keeps
    /// one copy of each name in its dictionary, so a document has a few dozen at most.
    private var names = NameCache()

    private init(_ s: UnsafeBufferPointer<UInt8>, _ view: UTF8View, _ scan: MarkupScan) {
        self.s = s
        self.view = view
        self.scan = scan
    }

    /// The joined tree. `root` belongs to a `LibXML2Document` the caller keeps alive.
    static func join(_ root: xmlNodePtr, _ scan: MarkupScan, in view: UTF8View) throws(InputError) -> XMLElement {
        try view.bytes.withUnsafeBufferPointer { (buffer) throws(InputError) -> XMLElement in
            var match = TreeMatch(buffer, view, scan)
            defer {
                match.located.free()
                match.reference.free()
            }
            return try match.join(root, 0)
        }
    }

    private mutating func join(_ node: xmlNodePtr, _ index: Int) throws(InputError) -> XMLElement {
        let element = scan.elements[index]
        let line = Int(xmlGetLineNo(node))
        let ns = node.pointee.ns
        guard sameName(ns?.pointee.prefix, node.pointee.name, element.name) else {
            let qualified = Self.qualifiedName(ns?.pointee.prefix, node.pointee.name)
            throw mismatch("element <\(string(element.name))> where libxml2 has <\(qualified)>", line)
        }
        let attributes = try joinAttributes(of: node, element, line)

        // The element's own text on both sides; libxml2's is also the one adapters get.
        located.count = 0
        var piece = element.firstText
        while piece >= 0 {
            let text = scan.texts[piece]
            if let scalar = text.reference { append(scalar) } else { appendNormalisingLineEnds(text.range) }
            piece = text.next
        }
        reference.count = 0
        var referenceChildren = 0
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE: referenceChildren += 1
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE: appendReference(current.pointee.content)
            default: break  // comments and processing instructions carry no settings
            }
            child = current.pointee.next
        }
        guard Self.comparable(located.bytes, reference.bytes) else { throw mismatch("text of <\(string(element.name))>", line) }
        let text = reference.count == 0 ? "" : String(decoding: reference.bytes, as: UTF8.self)
        let value = Self.value(of: text, reference.bytes)

        var locatedChildren = 0
        var next = index + 1
        while next < element.next {
            locatedChildren += 1
            next = scan.elements[next].next
        }
        guard locatedChildren == referenceChildren else { throw mismatch("children of <\(string(element.name))>", line) }
        var children: [XMLElement] = []
        if referenceChildren > 0 {
            children.reserveCapacity(referenceChildren)
            next = index + 1
            child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE {
                    children.append(try join(current, next))
                    next = scan.elements[next].next
                }
                child = current.pointee.next
            }
        }

        let (prefix, uri) = namespaceStrings(ns)
        let (name, localName) = names.strings(node.pointee.name, prefix: ns?.pointee.prefix, prefix)
        return XMLElement(
            name: name, localName: localName, namespaceURI: uri,
            attributes: attributes, text: text, value: value, children: children, line: line,
            range: view.fileRange(element.whole), valueRange: view.fileRange(valueRange(element)),
            viewRange: element.whole, isEmptyElementTag: element.content == nil)
    }

    /// libxml2's attributes, in order, each checked against the scanner's (namespace
    /// declarations aside: libxml2 keeps those apart).
    private mutating func joinAttributes(of node: xmlNodePtr, _ element: ScannedElement, _ line: Int) throws(InputError) -> [XMLAttribute] {
        var result: [XMLAttribute] = []
        var property = node.pointee.properties
        var a = element.attributes.lowerBound
        while true {
            while a < element.attributes.upperBound, isNamespaceDeclaration(scan.attributes[a].name) { a += 1 }
            guard let current = property else {
                guard a == element.attributes.upperBound else { break }
                return result
            }
            guard a < element.attributes.upperBound else { break }
            let attribute = scan.attributes[a]
            let prefix = current.pointee.ns?.pointee.prefix
            guard sameName(prefix, current.pointee.name, attribute.name) else { break }
            reference.count = 0
            var part = current.pointee.children
            while let text = part {
                appendReference(text.pointee.content)
                part = text.pointee.next
            }
            if attribute.plain {
                guard Self.comparable(UnsafeBufferPointer(rebasing: s[attribute.value]), reference.bytes) else { break }
            } else {
                located.count = 0
                guard decodeAttribute(attribute.value), Self.comparable(located.bytes, reference.bytes) else { break }
            }
            let localName = current.pointee.name.map { String(cString: $0) } ?? ""
            result.append(XMLAttribute(
                name: prefix.map { "\(String(cString: $0)):\(localName)" } ?? localName,
                value: String(decoding: reference.bytes, as: UTF8.self)))
            a += 1
            property = current.pointee.next
        }
        throw mismatch("attributes of <\(string(element.name))>", line)
    }

    // MARK: - Texts

    /// Appends view bytes `range` as an XML parser reads them: CRLF and lone CR become LF.
    private mutating func appendNormalisingLineEnds(_ range: Range<Int>) {
        var k = range.lowerBound
        while k < range.upperBound {
            let end = Self.carriageReturn(in: s, from: k, before: range.upperBound)
            located.append(UnsafeBufferPointer(rebasing: s[k..<end]))
            guard end < range.upperBound else { return }
            located.append(0x0A)
            k = end + 1
            if k < range.upperBound, s[k] == 0x0A { k += 1 }
        }
    }

    /// The index of the first CR in `s[start..<end]`, or `end`; eight bytes at a time.
    private static func carriageReturn(in s: UnsafeBufferPointer<UInt8>, from start: Int, before end: Int) -> Int {
        var k = start
        if let base = s.baseAddress {
            while k + 8 <= end {
                let word = UnsafeRawPointer(base + k).loadUnaligned(as: UInt64.self) ^ 0x0D0D_0D0D_0D0D_0D0D
                if (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0 { break }
                k += 8
            }
        }
        while k < end, s[k] != 0x0D { k += 1 }
        return k
    }

    /// An attribute value as an XML parser reads it: references resolved, line endings
    /// normalised, then every whitespace character a space. False on a reference the scanner
    /// would not have let through.
    private mutating func decodeAttribute(_ range: Range<Int>) -> Bool {
        var k = range.lowerBound
        while k < range.upperBound {
            let c = s[k]
            if c == UInt8(ascii: "&") {
                guard let (scalar, length) = MarkupScanner.reference(s, at: k) else { return false }
                append(scalar)
                k += length
            } else if c == 0x0D {
                located.append(0x20)
                k += k + 1 < range.upperBound && s[k + 1] == 0x0A ? 2 : 1
            } else {
                located.append(c == 0x0A || c == 0x09 ? 0x20 : c)
                k += 1
            }
        }
        return true
    }

    private mutating func append(_ scalar: Unicode.Scalar) {
        for byte in UTF8.encode(scalar)! { located.append(byte) }
    }

    private mutating func appendReference(_ content: UnsafeMutablePointer<xmlChar>?) {
        guard let content else { return }
        reference.append(UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))))
    }

    /// Whether two texts agree. Non-ASCII characters compare as one placeholder each: libxml2
    /// (iconv) and the core's CP932 table may map a few code-page characters to different
    /// code points (the wave dash), which says nothing about where the markup is. Both sides
    /// are valid UTF-8, so a lead byte tells how long each character is.
    private static func comparable(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        if a.count == b.count, same(a, b) { return true }
        var i = 0, j = 0
        while i < a.count, j < b.count {
            let x = a[i], y = b[j]
            if x == y, x < 0x80 {
                i += 1
                j += 1
            } else if x >= 0x80, y >= 0x80 {
                i += sequenceLength(x)
                j += sequenceLength(y)
            } else {
                return false
            }
        }
        return i == a.count && j == b.count
    }

    /// Byte equality of two buffers of one length, eight bytes at a time.
    private static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let x = a.baseAddress, let y = b.baseAddress else { return a.count == b.count }
        var k = 0
        while k + 8 <= a.count {
            if UnsafeRawPointer(x + k).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(y + k).loadUnaligned(as: UInt64.self) {
                return false
            }
            k += 8
        }
        while k < a.count {
            if x[k] != y[k] { return false }
            k += 1
        }
        return true
    }

    /// The text without leading and trailing XML whitespace: `text` itself when it has none.
    private static func value(of text: String, _ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var lower = 0, upper = bytes.count
        while lower < upper, MarkupScanner.isWhitespace(bytes[lower]) { lower += 1 }
        while upper > lower, MarkupScanner.isWhitespace(bytes[upper - 1]) { upper -= 1 }
        if lower == 0, upper == bytes.count { return text }
        return lower == upper ? "" : String(decoding: UnsafeBufferPointer(rebasing: bytes[lower..<upper]), as: UTF8.self)
    }

    private static func sequenceLength(_ lead: UInt8) -> Int {
        lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
    }

    // MARK: - Names and ranges

    /// Whether view bytes `range` spell libxml2's `prefix:local` (or `local`).
    private func sameName(_ prefix: UnsafePointer<xmlChar>?, _ local: UnsafePointer<xmlChar>?, _ range: Range<Int>) -> Bool {
        var k = range.lowerBound
        if let prefix {
            guard let end = matched(prefix, from: k, before: range.upperBound), end < range.upperBound,
                s[end] == UInt8(ascii: ":")
            else { return false }
            k = end + 1
        }
        guard let local, let end = matched(local, from: k, before: range.upperBound) else { return false }
        return end == range.upperBound
    }

    /// Where the C string `c` ends when the view bytes from `k` (not reaching `limit`) spell it.
    private func matched(_ c: UnsafePointer<xmlChar>, from k: Int, before limit: Int) -> Int? {
        var k = k, p = c
        while p.pointee != 0 {
            guard k < limit, s[k] == p.pointee else { return nil }
            k += 1
            p += 1
        }
        return k
    }

    /// `xmlns` or `xmlns:...`: a namespace declaration, which libxml2 does not list with the
    /// attributes.
    private func isNamespaceDeclaration(_ range: Range<Int>) -> Bool {
        guard range.count >= 5, s[range.lowerBound] == UInt8(ascii: "x") else { return false }
        let name = UnsafeBufferPointer(rebasing: s[range])
        return name.prefix(5).elementsEqual("xmlns".utf8) && (name.count == 5 || name[5] == UInt8(ascii: ":"))
    }

    private static func qualifiedName(_ prefix: UnsafePointer<xmlChar>?, _ local: UnsafePointer<xmlChar>?) -> String {
        let name = local.map { String(cString: $0) } ?? ""
        return prefix.map { "\(String(cString: $0)):\(name)" } ?? name
    }

    private mutating func namespaceStrings(_ ns: xmlNsPtr?) -> (prefix: String?, uri: String?) {
        guard let ns else { return (nil, nil) }
        if let cached = namespace, cached.pointer == ns { return (cached.prefix, cached.uri) }
        let prefix = ns.pointee.prefix.map { String(cString: $0) }
        let uri = ns.pointee.href.map { String(cString: $0) }
        namespace = (ns, prefix, uri)
        return (prefix, uri)
    }

    /// The content without surrounding whitespace; for `<a/>` the empty range before `/>`.
    private func valueRange(_ element: ScannedElement) -> Range<Int> {
        guard let content = element.content else {
            let slash = element.whole.upperBound - 2
            return slash..<slash
        }
        var lower = content.lowerBound, upper = content.upperBound
        while lower < upper, MarkupScanner.isWhitespace(s[lower]) { lower += 1 }
        while upper > lower, MarkupScanner.isWhitespace(s[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    private func string(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: s[range]), as: UTF8.self) }

    private func mismatch(_ what: String, _ line: Int) -> InputError {
        InputError(.unsupportedFormat, "XML: line \(line): \(what) could not be located byte for byte; nothing changed")
    }
}

/// A growable byte buffer for the texts under comparison: cleared by setting `count`, so one
/// allocation serves a whole document. Freed by its owner.
private struct ScratchBytes {
    private var start = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    private var capacity = 256
    var count = 0

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: start, count: count) }

    mutating func append(_ byte: UInt8) {
        reserve(1)
        start[count] = byte
        count += 1
    }

    mutating func append(_ more: UnsafeBufferPointer<UInt8>) {
        guard let source = more.baseAddress, more.count > 0 else { return }
        reserve(more.count)
        (start + count).update(from: source, count: more.count)
        count += more.count
    }

    private mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let grown = max(capacity * 2, count + extra)
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        bigger.update(from: start, count: count)
        start.deallocate()
        start = bigger
        capacity = grown
    }

    func free() { start.deallocate() }
}

/// `String`s of element names by libxml2's name and prefix pointers, in a small direct-mapped
/// table: a miss only costs making the strings.
private struct NameCache {
    private struct Entry {
        var name: UnsafePointer<xmlChar>?
        var prefix: UnsafePointer<xmlChar>?
        var qualified = ""
        var local = ""
    }

    private var entries = [Entry](repeating: Entry(), count: 32)

    /// The qualified and local name of an element named `name` with namespace prefix `prefix`
    /// (`prefixString` is that prefix as a `String`).
    mutating func strings(_ name: UnsafePointer<xmlChar>?, prefix: UnsafePointer<xmlChar>?, _ prefixString: String?) -> (String, String) {
        // Dictionary names sit next to each other: a multiplicative hash spreads them.
        let key = UInt64(UInt(bitPattern: name)) ^ UInt64(UInt(bitPattern: prefix)) &* 31
        let slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 59)
        let entry = entries[slot]
        if let name, entry.name == name, entry.prefix == prefix { return (entry.qualified, entry.local) }
        let local = name.map { String(cString: $0) } ?? ""
        let qualified = prefixString.map { "\($0):\(local)" } ?? local
        entries[slot] = Entry(name: name, prefix: prefix, qualified: qualified, local: local)
        return (qualified, local)
    }
}
