import MailTLSCore

/// A setting's value read as an endpoint (`smtp://user@host:587/`, `[host]:587`, `host:587`)
/// with the core's `EndpointURL`. The URL is parsed on a copy of the line's characters;
/// `lineRange` maps its ranges back to the line, so edits name exact file bytes.
struct EndpointValue {
    let url: EndpointURL
    private let bytes: [UInt8]
    private let base: Int

    /// The endpoint inside `value` (inside its quotes), or nil when it is not one.
    static func read(_ value: WrittenValue, in line: LogicalLine) -> EndpointValue? {
        let base = line.chars.startIndex
        let bytes = Array(line.chars)
        let range = (value.editable.lowerBound - base)..<(value.editable.upperBound - base)
        guard let url = EndpointURL.parse(bytes, in: range) else { return nil }
        return EndpointValue(url: url, bytes: bytes, base: base)
    }

    /// The scheme in lower case, nil when the value has none.
    var scheme: String? { url.schemeName(in: bytes) }
    /// The scheme as written.
    var writtenScheme: String? { url.scheme.map { String(decoding: bytes[$0], as: UTF8.self) } }
    var host: String { url.hostName(in: bytes) }
    var writtenPort: String? { url.port.map { String(decoding: bytes[$0], as: UTF8.self) } }
    var userinfo: Range<Int>? { url.userinfo.map(lineRange) }
    var port: Range<Int>? { url.port.map(lineRange) }
    var schemeRange: Range<Int>? { url.scheme.map(lineRange) }

    /// `range` of the URL's copy as characters of the line.
    func lineRange(_ range: Range<Int>) -> Range<Int> { (range.lowerBound + base)..<(range.upperBound + base) }

    /// The edits (ranges as characters of the line, replacement as text) that write
    /// `newScheme` over the scheme (when the value has one) and `newPort` over the port (or
    /// insert `:port` after the host).
    func edits(newScheme: String?, newPort: Int?) -> [(range: Range<Int>, text: String)] {
        url.edits(newScheme: newScheme.map { Array($0.utf8) }, newPort: newPort).map {
            (lineRange($0.range), String(decoding: $0.replacement, as: UTF8.self))
        }
    }
}
