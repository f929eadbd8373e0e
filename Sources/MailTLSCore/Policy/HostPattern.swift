/// A `--server` glob: `*` matches any run of characters, `?` one character; case-insensitive,
/// matched against the whole host name.
public struct HostPattern: Sendable, Equatable, CustomStringConvertible {
    public let pattern: String
    private let characters: [Character]
    /// The pattern's bytes with ASCII letters lower-cased, when the pattern is all ASCII: then
    /// an ASCII host is matched byte by byte (what almost every host and pattern is), which
    /// gives the same answer as the `Character` matching without building arrays per host.
    private let asciiBytes: [UInt8]?
    /// For an ASCII pattern: the literal text before its first wildcard and after its last
    /// `*`, and how many bytes a match needs at least. A provider table tests every entry's
    /// host against a few hundred globs; most are ruled out by these before any matching.
    private let head: [UInt8], tail: [UInt8], minimumLength: Int

    public init(_ pattern: String) {
        self.pattern = pattern
        self.characters = Array(pattern.lowercased())
        let ascii = pattern.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D } ? pattern.utf8.map(ByteSearch.asciiLower) : nil
        self.asciiBytes = ascii
        let bytes = ascii ?? []
        let star = UInt8(ascii: "*"), one = UInt8(ascii: "?")
        head = Array(bytes.prefix { $0 != star && $0 != one })
        if let lastStar = bytes.lastIndex(of: star) {
            let after = bytes[(lastStar + 1)...]
            tail = after.contains(one) ? [] : Array(after)
        } else {
            tail = []
        }
        minimumLength = bytes.count { $0 != star }
    }

    public var description: String { pattern }

    public func matches(_ host: String) -> Bool { matches(Subject(host)) }

    /// A host name made ready once for matching against many patterns (a provider table).
    public struct Subject {
        /// The name's bytes, ASCII letters lower-cased, when it is all ASCII and has no CR
        /// (CR LF is one `Character`); else nil.
        fileprivate let ascii: [UInt8]?
        /// The lower-cased characters, for a name that is not plain ASCII.
        fileprivate let characters: [Character]

        public init(_ host: String) {
            var lowered: [UInt8]? = []
            lowered!.reserveCapacity(host.utf8.count)
            for byte in host.utf8 {
                guard byte < 0x80, byte != 0x0D else {
                    lowered = nil
                    break
                }
                lowered!.append(ByteSearch.asciiLower(byte))
            }
            ascii = lowered
            characters = lowered == nil ? Array(host.lowercased()) : []
        }
    }

    public func matches(_ subject: Subject) -> Bool {
        // Both plain ASCII: bytes give the same answer as `Character`s, without building them.
        if let asciiBytes, let host = subject.ascii {
            guard host.count >= minimumLength, host.starts(with: head),
                tail.isEmpty || host.suffix(tail.count).elementsEqual(tail)
            else { return false }
            return Self.glob(asciiBytes, host, star: UInt8(ascii: "*"), one: UInt8(ascii: "?"))
        }
        return Self.glob(characters, subject.ascii.map { Array(String(decoding: $0, as: UTF8.self)) } ?? subject.characters, star: "*", one: "?")
    }

    /// Iterative glob matching with single-star backtracking: linear in practice and no
    /// recursion, so a hostile pattern cannot blow the stack.
    private static func glob<E: Equatable>(_ characters: [E], _ text: [E], star: E, one: E) -> Bool {
        var t = 0, p = 0
        var starP = -1, starT = 0
        while t < text.count {
            if p < characters.count, characters[p] == one || characters[p] == text[t] {
                t += 1
                p += 1
            } else if p < characters.count, characters[p] == star {
                starP = p
                starT = t
                p += 1
            } else if starP >= 0 {
                p = starP + 1
                starT += 1
                t = starT
            } else {
                return false
            }
        }
        while p < characters.count, characters[p] == star { p += 1 }
        return p == characters.count
    }
}
