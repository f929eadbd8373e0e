/// Why an input could not be converted. The message says what and where ("truncated record at
/// offset 0x1e4", "line 12: unterminated string"); the kind groups it for JSON reports.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        /// Zero bytes.
        case empty
        /// A binary record or header cut short, or a length running past the end.
        case truncated
        /// Text syntax error (unterminated string, bad line).
        case syntax
        /// Bytes that are not valid in the file's encoding.
        case encoding
        /// An XML document declaring an external entity.
        case xmlExternalEntity = "xml-external-entity"
        /// An XML document declaring internal entities (entity bombs).
        case xmlEntityExpansion = "xml-entity-expansion"
        /// Not a settings file of a known format, or a known format in a shape we do not support.
        case unsupportedFormat = "unsupported-format"
        /// Well-formed but with values we cannot interpret safely (e.g. a port that is not a number).
        case invalidValue = "invalid-value"
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// The same error with "line N: " in front, for line-oriented parsers.
    public static func syntax(line: Int, _ message: String) -> InputError {
        InputError(.syntax, "line \(line): \(message)")
    }
}
