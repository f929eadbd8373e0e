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

    /// The converted entries that would then duplicate another entry of the file, and that
    /// `edits` therefore removes instead of converting (a list of alternative servers should
    /// not list one server twice). The core checks the result: the output has these entries
    /// fewer, and each kept twin is at the removed entry's target. The default removes nothing.
    func removals(for conversions: [Conversion], in document: Document) -> [Removal]

    /// Why replacing the file at `path` in place would be unsafe right now (e.g. the client
    /// has its profile open and will overwrite the edit on exit), or nil. `--in-place`
    /// refuses such files unless `--force`. The default says nothing.
    func inPlaceHazard(forFileAt path: String) -> String?

    /// The data that defines this adapter, as its author wrote it, for formats described by
    /// data rather than code (a key-value profile's JSON): `mailtls adapters --show` prints it
    /// as the starting point for a user's own. The default is nil (a compiled adapter).
    var definition: [UInt8]? { get }
}

extension Adapter {
    public func inPlaceHazard(forFileAt path: String) -> String? { nil }
    public var definition: [UInt8]? { nil }
    public func removals(for conversions: [Conversion], in document: Document) -> [Removal] { [] }
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
    /// What the scan found worth a warning that is no entry's decision: an entry left as is
    /// because of a value the adapter does not understand (quoted), a note such as an
    /// include that is not followed. Default: none.
    var warnings: [String] { get }
    /// Warnings that hold only when the file is converted: something the edit gives up, such as
    /// a digital signature the changed bytes no longer match. Default: none.
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

/// A converted entry removed from the file because, converted, it equals another entry.
public struct Removal: Sendable, Equatable {
    /// The removed entry (one of the conversions).
    public var index: Int
    /// The entry it would duplicate, which stays in the file.
    public var twin: Int

    public init(index: Int, twin: Int) {
        self.index = index
        self.twin = twin
    }
}

/// A file as adapters see it: its bytes and its name (a hint for detection only).
///
/// Detection works on bytes: `headBytes` is the start of the file as ASCII-compatible bytes,
/// made once here for every adapter (UTF-16 transcoded to UTF-8, the BOM dropped), so that a
/// signature test is a byte search. `headText` and `headLines` are the same head as a `String`
/// for adapters that still sniff text.
public struct InputFile: Sendable {
    public var name: String {
        didSet { lowercasedFileName = Self.lowercasedFileName(of: name) }
    }
    public let bytes: [UInt8]
    /// The file's encoding as `TextEncoding.detect` finds it from the whole file.
    public let encoding: TextEncoding
    /// The first `headLength` bytes (after the BOM) as ASCII-compatible bytes: UTF-8 and ASCII
    /// as they are, UTF-16 transcoded to UTF-8, CP932 with the trail byte of each double-byte
    /// character replaced by 0x80, so that no ASCII search can match inside a character.
    public let headBytes: [UInt8]
    /// The start of the file decoded leniently, for content sniffing (decoded on first use).
    public var headText: String { headString.value }
    /// The lines of `headText` (split at CR and LF, without them, empty lines dropped); split
    /// on each use, since no adapter's detection needs them.
    public var headLines: [Substring] { Self.lines(of: headText) }
    // Made on first use, shared by copies of this file: the String only for adapters that
    // sniff text, the folded head for every signature search.
    private let headString: LazyValue<String>
    private let headFolded: LazyValue<[UInt8]>
    /// The last path component of `name`, ASCII letters lower-cased, for `nameMatches`.
    private var lowercasedFileName: [UInt8]

    /// How many bytes the head covers.
    public static let headLength = 4096

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
        self.lowercasedFileName = Self.lowercasedFileName(of: name)
        let encoding = TextEncoding.detect(bytes)
        self.encoding = encoding
        let prefix = bytes.prefix(Self.headLength).dropFirst(min(bytes.count, encoding.bomLength))
        switch encoding {
        case .utf8: headBytes = Array(prefix)
        case .utf16LE, .utf16BE: headBytes = Self.utf8View(ofUTF16: prefix, bigEndian: encoding == .utf16BE)
        case .cp932: headBytes = Self.cp932View(prefix)
        }
        headString = LazyValue { [headBytes] in
            encoding == .cp932 ? encoding.decode(prefix) : String(decoding: headBytes, as: UTF8.self)
        }
        headFolded = LazyValue { [headBytes] in ByteSearch.folded(headBytes) }
    }

    /// UTF-16 transcoded to UTF-8 in one pass, as `String(decoding:as: UTF16.self)` would
    /// give it: an unpaired surrogate becomes U+FFFD, an odd last byte is left out.
    static func utf8View(ofUTF16 bytes: ArraySlice<UInt8>, bigEndian: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        func unit(_ i: Int) -> UInt32 {
            bigEndian ? UInt32(bytes[i]) << 8 | UInt32(bytes[i + 1]) : UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8
        }
        var i = bytes.startIndex
        while i + 1 < bytes.endIndex {
            var value = unit(i)
            i += 2
            if value & 0xF800 == 0xD800 {
                if value <= 0xDBFF, i + 1 < bytes.endIndex, case let low = unit(i), low & 0xFC00 == 0xDC00 {
                    value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                    i += 2
                } else {
                    value = 0xFFFD
                }
            }
            UTF8Bytes.append(value, to: &out)
        }
        return out
    }

    /// CP932 bytes with each trail byte replaced by 0x80 (see `headBytes`).
    private static func cp932View(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var view = Array(bytes)
        var i = 0
        while i < view.count {
            if TextEncoding.isCP932LeadByte(view[i]), i + 1 < view.count, TextEncoding.isCP932TrailByte(view[i + 1]) {
                view[i + 1] = 0x80
                i += 2
            } else {
                i += 1
            }
        }
        return view
    }

    /// Splits at CR and LF on the UTF-8 bytes (both are single bytes there, so every cut is on
    /// a character boundary).
    private static func lines(of text: String) -> [Substring] {
        var lines: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        while index < utf8.endIndex {
            let byte = utf8[index]
            let next = utf8.index(after: index)
            if byte == 0x0A || byte == 0x0D {
                if start < index { lines.append(text[start..<index]) }
                start = next
            }
            index = next
        }
        if start < utf8.endIndex { lines.append(text[start...]) }
        return lines
    }

    /// Whether the head contains `needle`, ignoring ASCII case: a byte search.
    public func headContains(_ needle: String) -> Bool {
        headContains(folded: needle.utf8.map(ByteSearch.asciiLower))
    }

    /// Whether the head contains `needle`, whose ASCII letters are lower case, ignoring ASCII
    /// case. The head is folded once per file, so each needle is one `memchr`-driven search.
    public func headContains(folded needle: [UInt8]) -> Bool {
        ByteSearch.firstIndex(ofExact: needle, in: headFolded.value) != nil
    }

    /// Whether the head (after blanks) starts with `prefix`, byte for byte.
    public func headStarts(with prefix: [UInt8]) -> Bool { headBytes.starts(with: prefix) }

    /// The last path component of `name`.
    public var fileName: Substring { name.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(name) }

    /// Whether the file name matches one of `patterns` (`*.prf`, `.msmtprc`, `prefs.js`),
    /// case-insensitively.
    public func nameMatches(_ patterns: [String]) -> Bool {
        patterns.contains { NameGlob.matches(pattern: $0, lowercasedName: lowercasedFileName) { fileName } }
    }

    /// The first `count` bytes decoded leniently, for content sniffing; the shared
    /// `headText` when `count` is the default.
    public func head(_ count: Int = InputFile.headLength) -> String {
        guard count != Self.headLength else { return headText }
        let prefix = bytes.prefix(count)
        let encoding = TextEncoding.detect(Array(prefix))
        return encoding.decode(prefix.dropFirst(min(prefix.count, encoding.bomLength)))
    }

    private static func lowercasedFileName(of name: String) -> [UInt8] {
        var name = name
        return name.withUTF8 { path in
            var start = path.count
            while start > 0, path[start - 1] != UInt8(ascii: "/") { start -= 1 }
            return path[start...].map(ByteSearch.asciiLower)
        }
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
    /// Told about a setting that is skipped rather than failing the run (a bad profile found
    /// in the search path); the CLI prints it as a warning.
    public var warn: @Sendable (String) -> Void

    /// Whether an adapter may remove a digital signature that converting would invalidate
    /// (`--strip-signature`); without it, a signed file that needs a change is refused.
    public var stripSignatures: Bool

    public init(
        profileFiles: [String] = [], variables: [String: String] = [:], stripSignatures: Bool = false,
        warn: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.profileFiles = profileFiles
        self.variables = variables
        self.stripSignatures = stripSignatures
        self.warn = warn
    }
}
