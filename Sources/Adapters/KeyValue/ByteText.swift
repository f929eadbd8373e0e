#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import MailTLSCore

/// A settings file as UTF-8 bytes split into physical lines: what the profile engine scans.
/// A UTF-8 file is used as it is (no copy, offsets unchanged); UTF-16 and CP932 files are
/// transcoded once by the core's `UTF8View` (whose CP932 lead/trail rule keeps a trail byte
/// 0x5C from reading as `\`), with a map back to the file's byte offsets.
struct ByteText: Sendable {
    struct Line: Sendable {
        /// 1-based line number.
        let number: Int
        /// View range of the content, without the line ending.
        let content: Range<Int>
        let ending: LineEnding
        /// View index just past the ending.
        let next: Int
    }

    let encoding: TextEncoding
    /// The text as UTF-8, without BOM.
    let bytes: [UInt8]
    let lines: [Line]
    /// File offset of each view byte, plus one for the end; nil when the view is the file's
    /// own bytes from `base` on.
    private let offsetMap: [Int]?
    private let base: Int

    init(bytes file: [UInt8]) throws(InputError) {
        let encoding = file.isEmpty ? TextEncoding.utf8(bom: false) : TextEncoding.detect(file)
        self.encoding = encoding
        if case .utf8(let bom) = encoding, !file.isEmpty, !Self.contains(file, 0), !bom || Self.isUTF8(file.dropFirst(3)) {
            base = bom ? 3 : 0
            bytes = bom ? Array(file.dropFirst(3)) : file
            offsetMap = nil
        } else {
            // The core's transcoder, which also words the errors (empty, NUL, bad UTF-8/16).
            let view = try UTF8View(file: file, encoding: encoding)
            base = 0
            bytes = view.bytes
            offsetMap = view.offsets
        }
        lines = Self.split(bytes)
    }

    private static func isUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        String(validating: bytes, as: UTF8.self) != nil
    }

    /// Whether `byte` occurs in `bytes` (`memchr`: many bytes per instruction).
    private static func contains(_ bytes: [UInt8], _ byte: UInt8) -> Bool {
        bytes.withUnsafeBufferPointer { b in b.count > 0 && memchr(b.baseAddress!, Int32(byte), b.count) != nil }
    }

    private static func split(_ bytes: [UInt8]) -> [Line] {
        var lines: [Line] = []
        lines.reserveCapacity(bytes.count / 24 + 1)
        bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return }
            let count = b.count
            var start = 0
            // Without a CR anywhere (most files), each line ends at the next LF that `memchr`
            // finds; otherwise byte by byte, for CRLF and old Mac CR endings.
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

    /// The file byte offset of view index `index` (`bytes.count` gives the end of the file).
    func offset(_ index: Int) -> Int { offsetMap?[index] ?? index + base }

    /// The file byte range of the view range `range`.
    func fileRange(_ range: Range<Int>) -> Range<Int> { offset(range.lowerBound)..<offset(range.upperBound) }

    /// The line ending used most (for an inserted line that has no neighbour).
    var dominantLineEnding: LineEnding {
        var counts = [0, 0, 0]
        for line in lines {
            switch line.ending {
            case .crlf: counts[0] += 1
            case .lf: counts[1] += 1
            case .cr: counts[2] += 1
            case .none: break
            }
        }
        let best = counts.max() ?? 0
        return best == counts[0] ? .crlf : best == counts[1] ? .lf : .cr
    }

    func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
}
