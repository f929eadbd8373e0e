import MailTLSCore

/// An attribute, name as written (with prefix) and value as an XML parser reports it.
public struct XMLAttribute: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// One element of a parsed document: what libxml2 read (names, namespace, attributes, text)
/// joined with where it sits in the original bytes. Immutable, and a class so that adapters
/// walking the tree (`child`, `children(_:)`, arrays of elements) copy one reference, not
/// every field.
public final class XMLElement: Sendable {
    /// The name as written, prefix included (`a:Protocol`).
    public let name: String
    /// The name without prefix: what adapters match on, so namespaced documents work.
    public let localName: String
    public let namespaceURI: String?
    public let attributes: [XMLAttribute]
    /// The element's own text (not its children's), as libxml2 resolved it.
    public let text: String
    /// The text without leading and trailing XML whitespace.
    public let value: String
    public let children: [XMLElement]
    /// 1-based line of the start tag, for error messages.
    public let line: Int
    /// Byte range of the whole element, start tag to end tag.
    public let range: Range<Int>
    /// Byte range of the value: the content between the tags without surrounding whitespace.
    /// Empty (at the start of the content) when the element is empty; for `<a/>`, the empty
    /// range just before `/>`.
    public let valueRange: Range<Int>

    /// The whole element in the document's `UTF8View`, for edits.
    let viewRange: Range<Int>
    /// Written `<a/>`, so a value needs an end tag.
    let isEmptyElementTag: Bool

    init(
        name: String, localName: String, namespaceURI: String?, attributes: [XMLAttribute], text: String, value: String,
        children: [XMLElement], line: Int, range: Range<Int>, valueRange: Range<Int>, viewRange: Range<Int>,
        isEmptyElementTag: Bool
    ) {
        self.name = name
        self.localName = localName
        self.namespaceURI = namespaceURI
        self.attributes = attributes
        self.text = text
        self.value = value
        self.children = children
        self.line = line
        self.range = range
        self.valueRange = valueRange
        self.viewRange = viewRange
        self.isEmptyElementTag = isEmptyElementTag
    }

    /// The prefix of the name, if any (`a` for `a:Protocol`).
    public var prefix: String? {
        name.firstIndex(of: ":").map { String(name[..<$0]) }
    }

    /// The value of the attribute named `name` (as written), if present.
    public func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// The first child whose local name is `localName`: with duplicates, the first one counts.
    public func child(_ localName: String) -> XMLElement? {
        children.first { $0.localName == localName }
    }

    /// All children with local name `localName`, in document order.
    public func children(_ localName: String) -> [XMLElement] {
        children.filter { $0.localName == localName }
    }
}
