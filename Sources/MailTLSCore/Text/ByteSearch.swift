#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level searching and classification shared by detection and the parsers: ASCII syntax
/// is found in bytes, never by building `String`s.
public enum ByteSearch {
    /// `byte` with ASCII `A`-`Z` lower-cased; every other byte as it is.
    @inline(__always)
    public static func asciiLower(_ byte: UInt8) -> UInt8 { byte &- 0x41 < 26 ? byte | 0x20 : byte }

    /// `bytes` with ASCII `A`-`Z` lower-cased, written straight into the new array (a `map`
    /// with a closure costs several times more per byte).
    public static func folded(_ bytes: [UInt8]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: bytes.count) { buffer, count in
            bytes.withUnsafeBufferPointer { source in
                for i in 0..<source.count { buffer[i] = asciiLower(source[i]) }
            }
            count = bytes.count
        }
    }

    /// The first index of `needle` in `haystack`, byte for byte: `memchr` finds each candidate
    /// first byte (many bytes per instruction) and `memcmp` checks the rest.
    public static func firstIndex(ofExact needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard !needle.isEmpty else { return 0 }
        guard haystack.count >= needle.count else { return nil }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pat in
                let base = hay.baseAddress!, first = Int32(pat[0])
                let last = hay.count - pat.count
                var i = 0
                while i <= last {
                    guard let hit = memchr(base + i, first, last - i + 1) else { return nil }
                    let at = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
                    if pat.count == 1 || memcmp(base + at + 1, pat.baseAddress! + 1, pat.count - 1) == 0 { return at }
                    i = at + 1
                }
                return nil
            }
        }
    }

    /// Whether `text` contains the ASCII `needle` ignoring ASCII case (`password` in a key
    /// name): a byte search, where `lowercased().contains` goes through Foundation's
    /// locale-aware `range(of:)`.
    public static func contains(_ text: String, ignoringCase needle: String) -> Bool {
        var text = text, needle = needle
        return text.withUTF8 { hay in
            needle.withUTF8 { pat in
                guard !pat.isEmpty else { return true }
                guard hay.count >= pat.count else { return false }
                var i = 0
                while i <= hay.count - pat.count {
                    var k = 0
                    while k < pat.count, asciiLower(hay[i + k]) == asciiLower(pat[k]) { k += 1 }
                    if k == pat.count { return true }
                    i += 1
                }
                return false
            }
        }
    }

    /// Whether the UTF-8 of `a` equals `b` ignoring ASCII case (the key comparisons of INI-like
    /// formats, without Foundation's locale-aware `caseInsensitiveCompare`).
    public static func equalsIgnoringASCIICase(_ a: String, _ b: String) -> Bool {
        let x = a.utf8, y = b.utf8
        guard x.count == y.count else { return false }
        return zip(x, y).allSatisfy { asciiLower($0) == asciiLower($1) }
    }
}

/// UTF-8 validation and decoding on bytes, with the rules of `String(validating:)`: no
/// overlong forms, no surrogates, nothing above U+10FFFF, no truncated sequence.
public enum UTF8Bytes {
    /// Whether all of `bytes` is valid UTF-8; eight ASCII bytes are checked at a time.
    public static func isValid(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            var i = 0
            while i < count {
                if i + 8 <= count {
                    let word = UnsafeRawPointer(buffer.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 == 0 {
                        i += 8
                        continue
                    }
                }
                if buffer[i] < 0x80 {
                    i += 1
                    continue
                }
                guard let (_, length) = decode(buffer, at: i) else { return false }
                i += length
            }
            return true
        }
    }

    /// Appends the UTF-8 bytes of the scalar `value`, written by hand: `UTF8.encode` hands back
    /// a buffer per character, and appending scalars to a `String` costs hundreds of
    /// instructions each. Returns how many bytes it wrote.
    @inline(__always) @discardableResult
    public static func append(_ value: UInt32, to out: inout [UInt8]) -> Int {
        if value < 0x80 {
            out.append(UInt8(value))
            return 1
        } else if value < 0x800 {
            out.append(UInt8(0xC0 | value >> 6)); out.append(UInt8(0x80 | value & 0x3F))
            return 2
        } else if value < 0x10000 {
            out.append(UInt8(0xE0 | value >> 12)); out.append(UInt8(0x80 | value >> 6 & 0x3F)); out.append(UInt8(0x80 | value & 0x3F))
            return 3
        }
        out.append(UInt8(0xF0 | value >> 18)); out.append(UInt8(0x80 | value >> 12 & 0x3F))
        out.append(UInt8(0x80 | value >> 6 & 0x3F)); out.append(UInt8(0x80 | value & 0x3F))
        return 4
    }

    /// The scalar starting at `i` and its length in bytes, or nil when the bytes there are
    /// not a valid UTF-8 sequence.
    @inline(__always)
    public static func decode<C: RandomAccessCollection>(_ b: C, at i: Int) -> (Unicode.Scalar, Int)?
    where C.Element == UInt8, C.Index == Int {
        let lead = b[i]
        let end = b.endIndex
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        func continuation(_ k: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> UInt32? {
            guard k < end, b[k] >= low, b[k] <= high else { return nil }
            return UInt32(b[k] & 0x3F)
        }
        switch lead {
        case 0xC2...0xDF:
            guard let c1 = continuation(i + 1) else { return nil }
            return (Unicode.Scalar(UInt32(lead & 0x1F) << 6 | c1)!, 2)
        case 0xE0...0xEF:
            let low: UInt8 = lead == 0xE0 ? 0xA0 : 0x80
            let high: UInt8 = lead == 0xED ? 0x9F : 0xBF
            guard let c1 = continuation(i + 1, low, high), let c2 = continuation(i + 2) else { return nil }
            return (Unicode.Scalar(UInt32(lead & 0x0F) << 12 | c1 << 6 | c2)!, 3)
        case 0xF0...0xF4:
            let low: UInt8 = lead == 0xF0 ? 0x90 : 0x80
            let high: UInt8 = lead == 0xF4 ? 0x8F : 0xBF
            guard let c1 = continuation(i + 1, low, high), let c2 = continuation(i + 2), let c3 = continuation(i + 3)
            else { return nil }
            return (Unicode.Scalar(UInt32(lead & 0x07) << 18 | c1 << 12 | c2 << 6 | c3)!, 4)
        default:
            return nil
        }
    }
}

/// File-name globs (`*.prf`, `prefs.js`, `*.accountrc`) matched on bytes, ASCII case folded.
enum NameGlob {
    /// Whether `pattern` matches the file name; `lowercasedName` is the name's bytes with ASCII
    /// lower-cased. Non-ASCII names and patterns go through `HostPattern`, which matches by
    /// `Character` with full Unicode case folding.
    static func matches(pattern: String, lowercasedName: [UInt8], name: () -> Substring) -> Bool {
        var pattern = pattern
        return pattern.withUTF8 { p in
            guard !p.contains(where: { $0 >= 0x80 }), !lowercasedName.contains(where: { $0 >= 0x80 }) else {
                return HostPattern(String(decoding: p, as: UTF8.self)).matches(String(name()))
            }
            return matches(p, lowercasedName)
        }
    }

    private static func matches(_ pattern: UnsafeBufferPointer<UInt8>, _ text: [UInt8]) -> Bool {
        text.withUnsafeBufferPointer { ByteGlob.matches(pattern, $0) }
    }
}

/// A `*` / `?` glob matched on bytes, ASCII case-insensitive on both sides: the one matcher
/// behind file-name globs here and the key-value profiles' key globs. Iterative, with
/// single-star backtracking: linear in practice, and no recursion a hostile pattern could
/// use to blow the stack.
public enum ByteGlob {
    public static func matches(_ pattern: UnsafeBufferPointer<UInt8>, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let star = UInt8(ascii: "*"), question = UInt8(ascii: "?")
        var t = 0, k = 0
        var starP = -1, starT = 0
        while t < text.count {
            if k < pattern.count, pattern[k] == question || ByteSearch.asciiLower(pattern[k]) == ByteSearch.asciiLower(text[t]) {
                t += 1
                k += 1
            } else if k < pattern.count, pattern[k] == star {
                starP = k
                starT = t
                k += 1
            } else if starP >= 0 {
                k = starP + 1
                starT += 1
                t = starT
            } else {
                return false
            }
        }
        while k < pattern.count, pattern[k] == star { k += 1 }
        return k == pattern.count
    }
}
