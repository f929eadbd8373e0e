import MailTLSCore

/// A JSON value read from a profile, with its field path ("servers[0].port.key") so that every
/// error names the field. Unknown fields are errors too (a typo must not be silently ignored);
/// fields whose name starts with `_` are comments and skipped.
struct JSONField {
    let value: JSONValue
    let path: String
    let origin: String

    func fail(_ message: String) -> InputError {
        InputError(.invalidValue, "profile \(origin): field '\(path.isEmpty ? "(top level)" : path)': \(message)")
    }

    private func child(_ name: String, _ value: JSONValue) -> JSONField {
        JSONField(value: value, path: path.isEmpty ? name : "\(path).\(name)", origin: origin)
    }

    // MARK: objects

    func object(allowing names: Set<String>) throws(InputError) -> [String: JSONValue] {
        guard case .object(let object) = value else { throw fail("expected an object") }
        for key in object.keys.sorted() where !names.contains(key) && !key.hasPrefix("_") {
            throw child(key, .null).fail("unknown field (known: \(names.sorted().joined(separator: ", ")))")
        }
        return object
    }

    func field(_ name: String, in object: [String: JSONValue]) throws(InputError) -> JSONField {
        guard let value = object[name] else { throw child(name, .null).fail("missing") }
        if case .null = value { throw child(name, .null).fail("missing") }
        return child(name, value)
    }

    func optionalField(_ name: String, in object: [String: JSONValue]) -> JSONField? {
        guard let value = object[name] else { return nil }
        if case .null = value { return nil }
        return child(name, value)
    }

    // MARK: scalars

    func string(nonEmpty: Bool = true) throws(InputError) -> String {
        guard case .string(let text) = value else { throw fail("expected a string") }
        if nonEmpty, text.isEmpty { throw fail("must not be empty") }
        return text
    }

    func integer(in range: ClosedRange<Int>) throws(InputError) -> Int {
        guard case .number(let real) = value, real.rounded() == real, abs(real) < 1e15 else {
            throw fail("expected a whole number")
        }
        let number = Int(real)
        guard range.contains(number) else { throw fail("\(number) is out of range \(range.lowerBound)...\(range.upperBound)") }
        return number
    }

    func bool() throws(InputError) -> Bool {
        guard case .bool(let flag) = value else { throw fail("expected true or false") }
        return flag
    }

    func array() throws(InputError) -> [JSONField] {
        guard case .array(let items) = value else { throw fail("expected an array") }
        return items.enumerated().map { JSONField(value: $1, path: "\(path)[\($0)]", origin: origin) }
    }

    func strings(nonEmpty: Bool = true) throws(InputError) -> [String] {
        var result: [String] = []
        for item in try array() { result.append(try item.string(nonEmpty: nonEmpty)) }
        return result
    }

    /// An object whose keys are free (setting names) and whose values are fields.
    func entries() throws(InputError) -> [(key: String, field: JSONField)] {
        guard case .object(let object) = value else { throw fail("expected an object") }
        return object.keys.sorted().map { (key: $0, field: child($0, object[$0]!)) }
    }

    /// A regular expression, compiled here (errors name the field) and kept compiled.
    func pattern(requiring groups: [String] = [], marker: Bool = false) throws(InputError) -> LinePattern {
        let source = try string()
        guard let pattern = LinePattern(source, marker: marker) else { throw fail("invalid regular expression: \(source)") }
        for group in groups where pattern.slot(group) == nil {
            throw fail("the pattern needs a named group (?<\(group)>...)")
        }
        return pattern
    }

    var isNull: Bool {
        if case .null = value { return true }
        return false
    }

    var isArray: Bool {
        if case .array = value { return true }
        return false
    }
}
