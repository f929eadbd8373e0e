/// One client file format: detects its files, finds the server entries in them, and turns the
/// policy's decisions into byte edits in its own syntax. An adapter never reads or writes files
/// and never prints: it sees bytes and returns values.
///
/// To add a client, add a module under `Sources/Adapters/<Name>/` with a type conforming to
/// this protocol and an `AdapterModule` that lists it (docs/adding-a-client.md).
public protocol Adapter: Sendable {
    associatedtype Document: ScannedDocument

    /// Stable identifier used by `--format` and in reports, e.g. `outlook-prf`.
    var name: String { get }
    /// One line for `mailtls adapters`.
    var summary: String { get }
    /// File-name globs this format usually has (`*.prf`); a hint for detection, never proof.
    var filePatterns: [String] { get }

    /// How sure the adapter is that `file` is in its format. Look at the content first; the
    /// name alone may only give `.nameOnly`.
    func detect(_ file: InputFile) -> Detection

    /// Parses the file and lists its server entries with their locations. Throws a precise
    /// `InputError` for anything it cannot read; must never crash or allocate without bound,
    /// whatever the bytes.
    func scan(_ file: InputFile) throws(InputError) -> Document

    /// The byte edits that apply `conversions` (each a decided change of one entry of
    /// `document`) in this format's own vocabulary. Only the values that must change, plus an
    /// inserted key where one is absent.
    func edits(for conversions: [Conversion], in document: Document) throws(InputError) -> [ByteEdit]

    /// Why replacing the file at `path` in place would be unsafe right now (e.g. the client
    /// has its profile open and will overwrite the edit on exit), or nil. `--in-place`
    /// refuses such files unless `--force`. The default says nothing.
    func inPlaceHazard(forFileAt path: String) -> String?
}

extension Adapter {
    public func inPlaceHazard(forFileAt path: String) -> String? { nil }
}

/// What `scan` returns: the entries, plus facts the core needs to report safely.
public protocol ScannedDocument: Sendable {
    /// Every server entry found, in file order.
    var entries: [ServerEntry] { get }
    /// Byte ranges holding secrets (passwords, plain or obfuscated). Never printed; diffs and
    /// reports mask them.
    var secretRanges: [Range<Int>] { get }
    /// The text encoding for text formats (used for `--diff`), nil for binary formats.
    var textEncoding: TextEncoding? { get }
    /// Warnings about the file that belong to no entry: a server left out because a value is
    /// not understood (rules §7: the entry is left as is, the file is not an error).
    var warnings: [String] { get }
    /// Warnings that hold only when the file is converted: something the edit gives up, such as
    /// a digital signature the changed bytes no longer match.
    var conversionWarnings: [String] { get }
}

extension ScannedDocument {
    public var warnings: [String] { [] }
    public var conversionWarnings: [String] { [] }
}

/// One decided change: entry `index` of the scanned document moves to `target`.
public struct Conversion: Sendable, Equatable {
    public var index: Int
    public var entry: ServerEntry
    public var target: Endpoint

    public init(index: Int, entry: ServerEntry, target: Endpoint) {
        self.index = index
        self.entry = entry
        self.target = target
    }
}

/// A file as adapters see it: its bytes and its name (a hint for detection only).
public struct InputFile: Sendable {
    public var name: String
    public let bytes: [UInt8]
    /// The start of the file decoded leniently, for content sniffing; decoded once here so
    /// that every adapter's `detect` shares it.
    public let headText: String

    /// How many bytes `headText` covers.
    public static let headLength = 4096

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
        self.headText = Self.decodeHead(bytes, count: Self.headLength)
        self.headLines = Self.lines(of: headText)
    }

    /// The lines of `headText` (split at CR and LF, without them), for line-based sniffing;
    /// split once here for every adapter.
    public let headLines: [Substring]

    private static func lines(of headText: String) -> [Substring] {
        var lines: [Substring] = []
        var start = headText.startIndex
        var index = start
        let scalars = headText.unicodeScalars
        while index < headText.endIndex {
            let scalar = scalars[index]
            let next = scalars.index(after: index)
            if scalar == "\n" || scalar == "\r" {
                if start < index { lines.append(headText[start..<index]) }
                start = next
            }
            index = next
        }
        if start < headText.endIndex { lines.append(headText[start...]) }
        return lines
    }

    /// Whether `headText` contains `needle`, ignoring ASCII case: a byte search, much cheaper
    /// than lowercasing and searching a `String`.
    public func headContains(_ needle: String) -> Bool {
        let pattern = Array(needle.utf8).map(Self.asciiLower)
        guard let first = pattern.first else { return true }
        var found = false
        headText.utf8.withContiguousStorageIfAvailable { hay in
            guard hay.count >= pattern.count else { return }
            outer: for start in 0...(hay.count - pattern.count) where Self.asciiLower(hay[start]) == first {
                for offset in 1..<pattern.count where Self.asciiLower(hay[start + offset]) != pattern[offset] { continue outer }
                found = true
                return
            }
        }
        return found
    }

    private static func asciiLower(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }

    /// The last path component of `name`.
    public var fileName: Substring { name.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(name) }

    /// Whether the file name matches one of `patterns` (`*.prf`, `.msmtprc`, `prefs.js`),
    /// case-insensitively.
    public func nameMatches(_ patterns: [String]) -> Bool {
        patterns.contains { HostPattern($0).matches(String(fileName)) }
    }

    /// The first `count` bytes decoded leniently, for content sniffing; the shared
    /// `headText` when `count` is the default.
    public func head(_ count: Int = InputFile.headLength) -> String {
        count == Self.headLength ? headText : Self.decodeHead(bytes, count: count)
    }

    /// The first `count` bytes, decoded leniently in the encoding their BOM or bytes suggest.
    private static func decodeHead(_ bytes: [UInt8], count: Int) -> String {
        let prefix = bytes.prefix(count)
        let encoding = TextEncoding.detect(Array(prefix))
        return encoding.decode(prefix.dropFirst(min(prefix.count, encoding.bomLength)))
    }
}

/// How strongly an adapter claims a file.
public enum Detection: Int, Sendable, Comparable {
    /// Not this format.
    case no = 0
    /// Only the file name fits; the content does not look like this format.
    case nameOnly = 1
    /// The content looks like this format (a signature, a header or characteristic keys).
    case content = 2
    /// The content has this format's unique signature (magic bytes, a root element).
    case signature = 3

    public static func < (a: Detection, b: Detection) -> Bool { a.rawValue < b.rawValue }
}

/// A group of adapters that one adapter module contributes. The generated registry lists one
/// `AdapterModule` per module under `Sources/Adapters/`.
public protocol AdapterModule {
    /// The module's adapters. `environment` carries run-time settings an adapter may need
    /// (user profile files for the key-value adapter); most modules ignore it.
    static func adapters(environment: AdapterEnvironment) throws(InputError) -> [any Adapter]

    /// Whether the module's adapters are generic: driven by data (profiles) and detected by
    /// line patterns rather than a format's own signature. Generic modules are consulted after
    /// the others, which keeps their pattern matching off files a signature already claims.
    static var isGeneric: Bool { get }
}

extension AdapterModule {
    public static var isGeneric: Bool { false }
}

/// Run-time settings passed to adapter modules when the registry is built.
public struct AdapterEnvironment: Sendable {
    /// Extra definition files named on the command line (`--profile FILE`).
    public var profileFiles: [String]
    /// Process environment (for search paths such as `MAILTLS_PROFILE_PATH`).
    public var variables: [String: String]

    /// Whether an adapter may remove a digital signature that converting would invalidate
    /// (`--strip-signature`); without it, a signed file that needs a change is refused.
    public var stripSignatures: Bool

    public init(profileFiles: [String] = [], variables: [String: String] = [:], stripSignatures: Bool = false) {
        self.profileFiles = profileFiles
        self.variables = variables
        self.stripSignatures = stripSignatures
    }
}
