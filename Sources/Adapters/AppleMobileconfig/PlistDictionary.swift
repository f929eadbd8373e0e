import MailTLSCore
import MailTLSXML

/// A `<dict>` of an XML property list: `<key>` elements each followed by one value element.
/// With a duplicate key the last one counts, as CFPropertyList stores them into a dictionary.
struct PlistDictionary: Sendable {
    /// Each key's text and the element holding its value, last duplicate winning.
    private let values: [String: Pair]

    struct Pair: Sendable {
        let key: XMLElement
        let value: XMLElement
    }

    init(_ element: XMLElement) throws(InputError) {
        var values: [String: Pair] = [:]
        var children = element.children.makeIterator()
        while let key = children.next() {
            guard key.localName == "key" else {
                throw InputError.syntax(line: key.line, "property list: <\(key.name)> in a <dict> where a <key> belongs")
            }
            guard let value = children.next(), value.localName != "key" else {
                throw InputError.syntax(line: key.line, "property list: <key>\(key.value)</key> has no value")
            }
            values[key.text] = Pair(key: key, value: value)
        }
        self.values = values
    }

    subscript(_ key: String) -> Pair? { values[key] }

    /// The text of a `<string>` value, nil when the key is absent or holds another type.
    func string(_ key: String) -> String? {
        guard let value = values[key]?.value, value.localName == "string" else { return nil }
        return value.text
    }

    /// Every `<dict>` in the property list under `root`, in document order, nested ones
    /// included (payloads sit in `PayloadContent` arrays, at any depth).
    static func all(under root: XMLElement) throws(InputError) -> [PlistDictionary] {
        var found: [PlistDictionary] = []
        var pending = [root]
        while let element = pending.popLast() {
            if element.localName == "dict" { found.append(try PlistDictionary(element)) }
            pending += element.children.reversed()
        }
        return found
    }
}
