#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import MailTLSCore

/// A prefs.js / user.js as the parser reads it: UTF-8 bytes, so that syntax is found by byte
/// tests and names and values are byte ranges.
///
/// The text is the core's `UTF8View`: a UTF-8 file (what Thunderbird writes) as it is, UTF-16
/// and CP932 as a UTF-8 copy with a map back to file offsets. Names with escapes (and a
/// `mail.smtpservers` list with them) are resolved into `bytes` after the text, so that they
/// are ranges of `bytes` like the others; other string values are resolved when used
/// (`PrefString`).
struct PrefText: Sendable {
    let encoding: TextEncoding
    /// The text (`start..<end`), then the resolved names.
    private(set) var bytes: [UInt8]
    /// Where the text starts and ends in `bytes`.
    let start = 0
    let end: Int
    private let view: UTF8View

    /// Reads `bytes` in `encoding` (`TextEncoding.detect`'s finding, which `InputFile` holds).
    /// Fails as `TextFile` does: on an empty file, invalid UTF-8 or UTF-16, and a NUL character.
    init(_ bytes: [UInt8], encoding: TextEncoding) throws(InputError) {
        self.encoding = encoding
        view = try UTF8View(file: bytes, encoding: encoding)
        self.bytes = view.bytes
        end = view.bytes.count
    }

    /// Appends resolved string values; returns their range.
    mutating func append(resolved: [UInt8]) -> Range<Int> {
        bytes += resolved
        return bytes.count - resolved.count..<bytes.count
    }

    /// File offset of view index `index` (`0...end`).
    func fileOffset(_ index: Int) -> Int { view.fileOffset(index) }

    /// File byte range of the view range `range`.
    func fileRange(_ range: Range<Int>) -> Range<Int> { fileOffset(range.lowerBound)..<fileOffset(range.upperBound) }

    func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    func string(_ value: PrefString) -> String {
        value.escaped ? String(decoding: resolved(value), as: UTF8.self) : string(value.body)
    }

    /// The bytes of a string value with its escapes resolved.
    func resolved(_ value: PrefString) -> [UInt8] {
        guard value.escaped else { return Array(bytes[value.body]) }
        return bytes.withUnsafeBufferPointer { PrefLexer.resolve(UnsafeBufferPointer(rebasing: $0[..<end]), body: value.body) }
    }

    /// Whether a string value is `literal`.
    func equal(_ value: PrefString, _ literal: StaticString) -> Bool {
        guard value.escaped else { return equal(value.body, literal) }
        let value = resolved(value)
        return value.elementsEqual(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Whether the bytes at `a` and at `b` are the same.
    func equal(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        guard a.count == b.count else { return false }
        return bytes.withUnsafeBufferPointer { p in memcmp(p.baseAddress! + a.lowerBound, p.baseAddress! + b.lowerBound, a.count) == 0 }
    }

    /// Whether the bytes at `range` are `literal`.
    func equal(_ range: Range<Int>, _ literal: StaticString) -> Bool {
        range.count == literal.utf8CodeUnitCount && hasPrefix(literal, at: range.lowerBound, before: range.upperBound)
    }

    /// Whether `literal` is at `index`, ending at or before `limit`.
    func hasPrefix(_ literal: StaticString, at index: Int, before limit: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard limit - index >= count else { return false }
        // Most names differ in the first byte: no call for them.
        guard count > 0, bytes[index] == literal.utf8Start.pointee else { return count == 0 }
        return bytes.withUnsafeBufferPointer { p in memcmp(p.baseAddress! + index, literal.utf8Start, count) == 0 }
    }

    /// The first index of `byte` in `range`.
    func firstIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
        bytes.withUnsafeBufferPointer { p in range.first { p[$0] == byte } }
    }

    /// Whether the bytes at `range` contain the lower-case ASCII `needle`, ignoring ASCII case.
    /// Candidates for its first letter are found eight bytes at a time.
    func contains(_ range: Range<Int>, ignoringCase needle: StaticString) -> Bool {
        let n = needle.utf8CodeUnitCount
        guard n > 0, range.count >= n else { return n == 0 }
        return bytes.withUnsafeBufferPointer { p in
            let pattern = needle.utf8Start
            func matches(at i: Int) -> Bool {
                var k = 0
                while k < n, ByteSearch.asciiLower(p[i + k]) == pattern[k] { k += 1 }
                return k == n
            }
            let last = range.upperBound - n
            var i = range.lowerBound
            let ones: UInt64 = 0x0101_0101_0101_0101
            // `| 0x20` makes the first letter's upper case its lower case (and nothing else).
            let letters = UInt64(pattern[0]) &* ones
            while i + 8 <= range.upperBound {
                let w = UInt64(littleEndian: UnsafeRawPointer(p.baseAddress! + i).loadUnaligned(as: UInt64.self)) | (0x20 &* ones)
                let x = w ^ letters
                var found = (x &- ones) & ~x & (0x80 &* ones)
                while found != 0 {
                    let candidate = i + found.trailingZeroBitCount / 8
                    if candidate <= last, matches(at: candidate) { return true }
                    found &= found &- 1
                }
                i += 8
            }
            while i <= last {
                if p[i] | 0x20 == pattern[0], matches(at: i) { return true }
                i += 1
            }
            return false
        }
    }
}

// MARK: - Lines, for inserted statements

extension PrefText {
    /// Where the line holding view index `index` starts.
    func lineStart(of index: Int) -> Int {
        var i = index
        while i > start, bytes[i - 1] != 0x0A, bytes[i - 1] != 0x0D { i -= 1 }
        return i
    }

    /// The line ending of the line holding `index` (which is not itself a line break) and
    /// where the next line starts (`end` after the last line).
    func lineEnd(of index: Int) -> (ending: LineEnding, next: Int) {
        var i = index
        while i < end, bytes[i] != 0x0A, bytes[i] != 0x0D { i += 1 }
        guard i < end else { return (.none, end) }
        if bytes[i] == 0x0A { return (.lf, i + 1) }
        return i + 1 < end && bytes[i + 1] == 0x0A ? (.crlf, i + 2) : (.cr, i + 1)
    }

    /// The leading spaces and tabs of the line holding `index`.
    func indentation(ofLineAt index: Int) -> String {
        let first = lineStart(of: index)
        var i = first
        while i < end, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        return string(first..<i)
    }

    /// The line ending used most (CRLF, then LF, then CR on a tie), nil when there is none.
    var dominantLineEnding: LineEnding? {
        var (lf, crlf, cr) = (0, 0, 0)
        var i = start
        while i < end {
            if bytes[i] == 0x0A {
                lf += 1
            } else if bytes[i] == 0x0D {
                if i + 1 < end, bytes[i + 1] == 0x0A {
                    crlf += 1
                    i += 1
                } else {
                    cr += 1
                }
            }
            i += 1
        }
        if lf + crlf + cr == 0 { return nil }
        if crlf >= lf, crlf >= cr { return .crlf }
        return lf >= cr ? .lf : .cr
    }
}
