#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A text file's characters as UTF-8, each byte tied to the file offset of the character it
/// belongs to: the byte view that parsers scan. A UTF-8 file is its own view (no copy but for
/// a BOM, no map: offsets are the identity); UTF-16 and CP932 are transcoded in one pass. The
/// rules and error messages are `TextFile`'s (empty file, NUL, odd or unpaired UTF-16, invalid
/// UTF-8), without building a `Unicode.Scalar` per character. CP932 keeps its lead/trail rule:
/// a trail byte that looks like `\` or `[` is part of its character and never reaches the view
/// as ASCII.
public struct UTF8View: Sendable {
    /// The text as UTF-8, without BOM.
    public let bytes: [UInt8]
    /// File offset of each view byte (the character it belongs to), plus one for the end of
    /// the file; nil when view byte `i` is file byte `base + i`.
    private let map: [Int]?
    private let base: Int

    /// The file offset of view index `index` (`bytes.count` gives the end of the file).
    @inline(__always)
    public func fileOffset(_ index: Int) -> Int { map?[index] ?? base + index }

    /// The file byte range of the view range `range`.
    public func fileRange(_ range: Range<Int>) -> Range<Int> { fileOffset(range.lowerBound)..<fileOffset(range.upperBound) }

    /// One physical line of the view.
    public struct Line: Sendable {
        /// 1-based line number.
        public let number: Int
        /// View range of the content, without the line ending.
        public let content: Range<Int>
        public let ending: LineEnding
        /// View index just past the ending.
        public let next: Int
    }

    /// The view split at LF, CRLF and CR. Without a CR anywhere (most files) each line ends at
    /// the next LF that `memchr` finds; otherwise byte by byte.
    public func lines() -> [Line] {
        var lines: [Line] = []
        lines.reserveCapacity(bytes.count / 24 + 1)
        bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return }
            let count = b.count
            var start = 0
            if memchr(base, 0x0D, count) == nil {
                while start < count, let hit = memchr(base + start, 0x0A, count - start) {
                    let i = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
                    lines.append(Line(number: lines.count + 1, content: start..<i, ending: .lf, next: i + 1))
                    start = i + 1
                }
            } else {
                var i = 0
                while i < count {
                    let c = b[i]
                    if c == 0x0A || c == 0x0D {
                        let crlf = c == 0x0D && i + 1 < count && b[i + 1] == 0x0A
                        let next = i + (crlf ? 2 : 1)
                        lines.append(Line(number: lines.count + 1, content: start..<i, ending: crlf ? .crlf : c == 0x0A ? .lf : .cr, next: next))
                        start = next
                        i = next
                    } else {
                        i += 1
                    }
                }
            }
            if start < count { lines.append(Line(number: lines.count + 1, content: start..<count, ending: .none, next: count)) }
        }
        return lines
    }

    /// The line ending used most in `lines` (for an inserted line that has no neighbour); CRLF
    /// wins ties, then LF, and a file without any line ending counts as CRLF, as `TextFile` has it.
    public static func dominantLineEnding(of lines: [Line]) -> LineEnding {
        var counts = (crlf: 0, lf: 0, cr: 0)
        for line in lines {
            switch line.ending {
            case .crlf: counts.crlf += 1
            case .lf: counts.lf += 1
            case .cr: counts.cr += 1
            case .none: break
            }
        }
        let best = max(counts.crlf, counts.lf, counts.cr)
        return best == counts.crlf ? .crlf : best == counts.lf ? .lf : .cr
    }

    public init(file: [UInt8], encoding: TextEncoding) throws(InputError) {
        guard !file.isEmpty else { throw InputError(.empty, "empty file") }
        if case .utf8(let bom) = encoding {
            let start = bom && file.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            if start > 0 || !UTF8Bytes.isValid(file) {
                var i = start
                while i < file.count {
                    guard let (_, length) = UTF8Bytes.decode(file, at: i) else {
                        throw InputError(.encoding, "invalid UTF-8 at offset \(TextFile.hex(i))")
                    }
                    i += length
                }
            }
            let nul = file.withUnsafeBufferPointer { b in
                memchr(b.baseAddress! + start, 0, b.count - start).map { UnsafeRawPointer(b.baseAddress!).distance(to: UnsafeRawPointer($0)) }
            }
            if let nul { throw InputError(.unsupportedFormat, "NUL character at offset \(TextFile.hex(nul)): binary data, not a text file") }
            bytes = start == 0 ? file : Array(file[start...])
            map = nil
            base = start
            return
        }
        var out = Writer(capacity: file.count)
        let b = file
        switch encoding {
        case .utf8:
            preconditionFailure("UTF-8 is its own view (above)")
        case .utf16LE, .utf16BE:
            let bigEndian = encoding == .utf16BE
            let start = b.starts(with: bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) ? 2 : 0
            guard (b.count - start) % 2 == 0 else {
                throw InputError(.encoding, "invalid UTF-16: odd number of bytes (\(b.count))")
            }
            @inline(__always) func unit(_ i: Int) -> UInt32 {
                bigEndian ? UInt32(b[i]) << 8 | UInt32(b[i + 1]) : UInt32(b[i]) | UInt32(b[i + 1]) << 8
            }
            var i = start
            while i < b.count {
                let u = unit(i)
                if u & 0xF800 != 0xD800 {
                    out.append(u, at: i); i += 2
                } else if u <= 0xDBFF, i + 3 < b.count, case let low = unit(i + 2), low & 0xFC00 == 0xDC00 {
                    out.append(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00), at: i); i += 4
                } else {
                    throw InputError(.encoding, "invalid UTF-16: unpaired surrogate at offset \(TextFile.hex(i))")
                }
            }
        case .cp932:
            var i = 0
            while i < b.count {
                let byte = b[i]
                if byte < 0x80 {
                    out.append(UInt32(byte), at: i); i += 1
                } else {
                    let (scalar, length) = CP932Table.character(b, at: i)
                    out.append(scalar.value, at: i); i += length
                }
            }
        }
        out.map.append(b.count)
        if let nul = out.nul { throw InputError(.unsupportedFormat, "NUL character at offset \(TextFile.hex(nul)): binary data, not a text file") }
        bytes = out.view
        map = out.map
        base = 0
    }

    /// The view and map being written (a struct with a mutating method, not a closure over
    /// local arrays, which Swift would box and check for exclusive access on every call).
    private struct Writer {
        var view: [UInt8] = []
        var map: [Int] = []
        var nul: Int?

        init(capacity: Int) {
            view.reserveCapacity(capacity)
            map.reserveCapacity(capacity + 1)
        }

        @inline(__always) mutating func append(_ v: UInt32, at offset: Int) {
            if v == 0, nul == nil { nul = offset }
            if v < 0x80 {
                view.append(UInt8(v))
                map.append(offset)
            } else {
                for _ in 0..<UTF8Bytes.append(v, to: &view) { map.append(offset) }
            }
        }
    }
}
