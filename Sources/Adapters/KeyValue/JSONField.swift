import Foundation
import MailTLSCore

/// A JSON value read from a profile, with its field path ("servers[0].port.key") so that every
/// error names the field. Unknown fields are errors too (a typo must not be silently ignored);
/// fields whose name starts with `_` are comments and skipped.
struct JSONField {
    let value: Any
    let path: String
    let origin: String

    func fail(_ message: String) -> InputError {
        InputError(.invalidValue, "profile \(origin): field '\(path.isEmpty ? "(top level)" : path)': \(message)")
    }

    private func child(_ name: String, _ value: Any) -> JSONField {
        JSONField(value: value, path: path.isEmpty ? name : "\(path).\(name)", origin: origin)
    }

    // MARK: objects

    func object(allowing names: Set<String>) throws(InputError) -> [String: Any] {
        guard let object = value as? [String: Any] else { throw fail("expected an object") }
        for key in object.keys.sorted() where !names.contains(key) && !key.hasPrefix("_") {
            throw child(key, 0).fail("unknown field (known: \(names.sorted().joined(separator: ", ")))")
        }
        return object
    }

    func field(_ name: String, in object: [String: Any]) throws(InputError) -> JSONField {
        guard let value = object[name], !(value is NSNull) else { throw child(name, 0).fail("missing") }
        return child(name, value)
    }

    func optionalField(_ name: String, in object: [String: Any]) -> JSONField? {
        guard let value = object[name], !(value is NSNull) else { return nil }
        return child(name, value)
    }

    // MARK: scalars

    func string(nonEmpty: Bool = true) throws(InputError) -> String {
        guard let text = value as? String else { throw fail("expected a string") }
        if nonEmpty, text.isEmpty { throw fail("must not be empty") }
        return text
    }

    func integer(in range: ClosedRange<Int>) throws(InputError) -> Int {
        guard !isJSONBoolean(value), let number = value as? Int, (value as? Double).map({ $0 == Double(number) }) ?? true else {
            throw fail("expected a whole number")
        }
        guard range.contains(number) else { throw fail("\(number) is out of range \(range.lowerBound)...\(range.upperBound)") }
        return number
    }

    func bool() throws(InputError) -> Bool {
        guard isJSONBoolean(value), let flag = value as? Bool else { throw fail("expected true or false") }
        return flag
    }

    func array() throws(InputError) -> [JSONField] {
        guard let items = value as? [Any] else { throw fail("expected an array") }
        return items.enumerated().map { JSONField(value: $1, path: "\(path)[\($0)]", origin: origin) }
    }

    func strings(nonEmpty: Bool = true) throws(InputError) -> [String] {
        var result: [String] = []
        for item in try array() { result.append(try item.string(nonEmpty: nonEmpty)) }
        return result
    }

    /// An object whose keys are free (setting names) and whose values are fields.
    func entries() throws(InputError) -> [(key: String, field: JSONField)] {
        guard let object = value as? [String: Any] else { throw fail("expected an object") }
        return object.keys.sorted().map { (key: $0, field: child($0, object[$0]!)) }
    }

    /// A regular expression, compiled once here to report syntax errors with the field name.
    func pattern(requiring groups: [String] = []) throws(InputError) -> String {
        let source = try string()
        guard LinePattern.isValid(source) else {
            throw fail("invalid regular expression (ICU syntax): \(source)")
        }
        for group in groups where !source.contains("(?<\(group)>") {
            throw fail("the pattern needs a named group (?<\(group)>...)")
        }
        return source
    }
}

/// JSONSerialization gives booleans and numbers as NSNumber; booleans have their own class.
private func isJSONBoolean(_ value: Any) -> Bool {
    String(describing: type(of: value)).contains("Boolean")
}
