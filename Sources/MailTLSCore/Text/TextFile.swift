/// A text settings file as a sequence of Unicode scalars, each tied to the bytes it came from,
/// so that a parser can work on characters and still name exact byte ranges for edits.
///
/// Every encoding in `TextEncoding` maps here: UTF-16 code units (pairs joined), UTF-8
/// sequences and CP932 double-byte characters each become one scalar. Non-ASCII characters
/// are decoded for display; syntax is always ASCII, and a CP932 trail byte can never be
/// mistaken for `\`, `[` or `]`.
public struct TextFile: Sendable {
    public let encoding: TextEncoding
    /// The characters of the file after the BOM.
    public let scalars: [Unicode.Scalar]
    /// `offsets[i]` is the byte offset of `scalars[i]`; one extra entry holds the end offset.
    public let offsets: [Int]
    /// The file split into lines at LF, CRLF or CR: made on first use and kept (a reader
    /// that scans characters needs lines only to edit).
    public var lines: [TextLine] { lineCache.value }
    private let lineCache: LazyValue<[TextLine]>
    /// The line ending used most in the file (for inserted lines that have no neighbour).
    public var dominantLineEnding: LineEnding {
        let counts = Dictionary(grouping: lines.map(\.ending), by: { $0 }).mapValues(\.count)
        return [.crlf, .lf, .cr].max { counts[$0, default: 0] < counts[$1, default: 0] } ?? .lf
    }

    /// Decodes `bytes`. Fails on an empty file, a NUL character (binary data), invalid UTF-16
    /// (odd length, unpaired surrogates) and undecodable UTF-8 after a UTF-8 BOM.
    public init(bytes: [UInt8], encoding: TextEncoding? = nil) throws(InputError) {
        guard !bytes.isEmpty else { throw InputError(.empty, "empty file") }
        let encoding = encoding ?? TextEncoding.detect(bytes)
        self.encoding = encoding
        var scalars: [Unicode.Scalar] = []
        var offsets: [Int] = []
        scalars.reserveCapacity(bytes.count)
        offsets.reserveCapacity(bytes.count + 1)
        let start = bytes.starts(with: Self.bom(encoding)) ? encoding.bomLength : 0
        switch encoding {
        case .utf8:
            try Self.scanUTF8(bytes, from: start, into: &scalars, &offsets)
        case .utf16LE, .utf16BE:
            try Self.scanUTF16(bytes, from: start, bigEndian: encoding == .utf16BE, into: &scalars, &offsets)
        case .cp932:
            Self.scanCP932(bytes, from: start, into: &scalars, &offsets)
        }
        offsets.append(bytes.count)
        if let nul = Self.firstNUL(scalars) {
            throw InputError(.unsupportedFormat, "NUL character at offset \(Self.hex(offsets[nul])): binary data, not a text file")
        }
        self.scalars = scalars
        self.offsets = offsets
        self.lineCache = LazyValue { [scalars, offsets] in Self.splitLines(scalars, offsets) }
    }

    private static func firstNUL(_ scalars: [Unicode.Scalar]) -> Int? {
        scalars.withUnsafeBufferPointer { b in
            for i in 0..<b.count where b[i].value == 0 { return i }
            return nil
        }
    }

    /// `0x1f`: an offset as error messages give it.
    static func hex(_ offset: Int) -> String { "0x" + String(offset, radix: 16) }

    private static func bom(_ encoding: TextEncoding) -> [UInt8] {
        switch encoding {
        case .utf8(true): [0xEF, 0xBB, 0xBF]
        case .utf16LE: [0xFF, 0xFE]
        case .utf16BE: [0xFE, 0xFF]
        default: []
        }
    }

    /// UTF-8 is most files: scalars and offsets are written straight into their buffers (the
    /// checked `append` of each is most of the cost otherwise).
    private static func scanUTF8(_ bytes: [UInt8], from start: Int, into s: inout [Unicode.Scalar], _ o: inout [Int]) throws(InputError) {
        let n = bytes.count - start
        var failure: Int?
        var offsets: [Int] = []
        s = [Unicode.Scalar](unsafeUninitializedCapacity: n) { scalarBuffer, scalarCount in
            offsets = [Int](unsafeUninitializedCapacity: n + 1) { offsetBuffer, offsetCount in
                bytes.withUnsafeBufferPointer { b in
                    var i = start, k = 0
                    while i < b.count {
                        let lead = b[i]
                        if lead < 0x80 {
                            scalarBuffer[k] = Unicode.Scalar(lead); offsetBuffer[k] = i
                            k += 1; i += 1
                            continue
                        }
                        guard let (scalar, length) = UTF8Bytes.decode(b, at: i) else {
                            failure = i
                            break
                        }
                        scalarBuffer[k] = scalar; offsetBuffer[k] = i
                        k += 1; i += length
                    }
                    scalarCount = k
                    offsetCount = k
                }
            }
        }
        o = offsets
        if let failure { throw InputError(.encoding, "invalid UTF-8 at offset \(hex(failure))") }
    }

    private static func scanUTF16(_ b: [UInt8], from start: Int, bigEndian: Bool, into s: inout [Unicode.Scalar], _ o: inout [Int]) throws(InputError) {
        guard (b.count - start) % 2 == 0 else {
            throw InputError(.encoding, "invalid UTF-16: odd number of bytes (\(b.count))")
        }
        func unit(_ i: Int) -> UInt32 { bigEndian ? UInt32(b[i]) << 8 | UInt32(b[i + 1]) : UInt32(b[i]) | UInt32(b[i + 1]) << 8 }
        var i = start
        while i < b.count {
            let u = unit(i)
            if (0xD800...0xDBFF).contains(u) {
                guard i + 3 < b.count, case let low = unit(i + 2), (0xDC00...0xDFFF).contains(low) else {
                    throw InputError(.encoding, "invalid UTF-16: unpaired surrogate at offset \(hex(i))")
                }
                s.append(Unicode.Scalar(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00))!); o.append(i); i += 4
            } else if (0xDC00...0xDFFF).contains(u) {
                throw InputError(.encoding, "invalid UTF-16: unpaired surrogate at offset \(hex(i))")
            } else {
                s.append(Unicode.Scalar(u)!); o.append(i); i += 2
            }
        }
    }

    private static func scanCP932(_ b: [UInt8], from start: Int, into s: inout [Unicode.Scalar], _ o: inout [Int]) {
        var i = start
        while i < b.count {
            if b[i] < 0x80 {
                s.append(Unicode.Scalar(b[i])); o.append(i); i += 1
            } else {
                let (scalar, length) = CP932Table.character(b, at: i)
                s.append(scalar); o.append(i); i += length
            }
        }
    }

    private static func splitLines(_ s: [Unicode.Scalar], _ o: [Int]) -> [TextLine] {
        // Line breaks are found on the raw buffer (no bounds check or scalar copy per
        // character); each line then takes slices of the two arrays.
        var breaks: [(at: Int, ending: LineEnding)] = []
        s.withUnsafeBufferPointer { b in
            var i = 0
            let count = b.count
            while i < count {
                let v = b[i].value
                if v == 0x0A {
                    breaks.append((i, .lf))
                } else if v == 0x0D {
                    if i + 1 < count, b[i + 1].value == 0x0A {
                        breaks.append((i, .crlf))
                        i += 1
                    } else {
                        breaks.append((i, .cr))
                    }
                }
                i += 1
            }
        }
        var lines: [TextLine] = []
        lines.reserveCapacity(breaks.count + 1)
        var lineStart = 0
        for (at, ending) in breaks {
            let end = at + (ending == .crlf ? 2 : 1)
            lines.append(TextLine(number: lines.count + 1, scalars: s[lineStart..<at], offsets: o[lineStart...end], ending: ending))
            lineStart = end
        }
        if lineStart < s.count {
            lines.append(TextLine(number: lines.count + 1, scalars: s[lineStart..<s.count], offsets: o[lineStart...s.count], ending: .none))
        }
        return lines
    }

    /// The file's text for scalar indices `range` (global indices), decoded.
    public func string(_ range: Range<Int>) -> String { Self.string(scalars[range]) }

    /// A `String` of `scalars`, written as UTF-8 in one allocation (appending scalars to a
    /// `String.UnicodeScalarView` one by one costs several times more).
    public static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        if scalars.isEmpty { return "" }
        return String(unsafeUninitializedCapacity: scalars.count * 4) { buffer in
            var n = 0
            for scalar in scalars {
                let v = scalar.value
                if v < 0x80 {
                    buffer[n] = UInt8(v); n += 1
                } else if v < 0x800 {
                    buffer[n] = UInt8(0xC0 | v >> 6); buffer[n + 1] = UInt8(0x80 | v & 0x3F); n += 2
                } else if v < 0x10000 {
                    buffer[n] = UInt8(0xE0 | v >> 12); buffer[n + 1] = UInt8(0x80 | v >> 6 & 0x3F)
                    buffer[n + 2] = UInt8(0x80 | v & 0x3F); n += 3
                } else {
                    buffer[n] = UInt8(0xF0 | v >> 18); buffer[n + 1] = UInt8(0x80 | v >> 12 & 0x3F)
                    buffer[n + 2] = UInt8(0x80 | v >> 6 & 0x3F); buffer[n + 3] = UInt8(0x80 | v & 0x3F); n += 4
                }
            }
            return n
        }
    }

    /// Byte range covered by the scalars `range` (global indices).
    public func byteRange(_ range: Range<Int>) -> Range<Int> { offsets[range.lowerBound]..<offsets[range.upperBound] }
}

public enum LineEnding: String, Sendable, Equatable {
    case lf = "\n", crlf = "\r\n", cr = "\r", none = ""
}

/// One line of a `TextFile`. Its scalar indices are the file's (global) indices.
public struct TextLine: Sendable {
    /// 1-based line number, for error messages.
    public let number: Int
    /// The line's characters, without the line ending.
    public let scalars: ArraySlice<Unicode.Scalar>
    /// Byte offsets: one per scalar, then the offset of the line ending, then the offset just
    /// past the ending (the same for the last line without one).
    let offsets: ArraySlice<Int>
    public let ending: LineEnding

    init(number: Int, scalars: ArraySlice<Unicode.Scalar>, offsets: ArraySlice<Int>, ending: LineEnding) {
        self.number = number
        self.scalars = scalars
        self.offsets = offsets
        self.ending = ending
    }

    /// The text of the line without its ending.
    public var text: String { TextFile.string(scalars) }
    /// Scalar index range of the line's content.
    public var range: Range<Int> { scalars.startIndex..<scalars.endIndex }
    /// Byte range of the content, without the ending.
    public var contentBytes: Range<Int> { offsets[offsets.startIndex]..<offsets[scalars.endIndex] }
    /// Byte range of the whole line, ending included.
    public var fullBytes: Range<Int> { offsets[offsets.startIndex]..<offsets[offsets.endIndex - 1] }
    /// Byte offset where the line ending starts (where text appended to the line goes).
    public var endOfContent: Int { offsets[scalars.endIndex] }
    /// Byte offset just past the line ending (where a line inserted after this one goes).
    public var endOfLine: Int { offsets[offsets.endIndex - 1] }

    /// Byte range of the scalars `range` (global indices within this line).
    public func bytes(_ range: Range<Int>) -> Range<Int> { offsets[range.lowerBound]..<offsets[range.upperBound] }

    /// The text of scalars `range` (global indices).
    public func string(_ range: Range<Int>) -> String { TextFile.string(scalars[range]) }

    /// `range` without leading and trailing spaces and tabs.
    public func trimmed(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, scalars[lower] == " " || scalars[lower] == "\t" { lower += 1 }
        while upper > lower, scalars[upper - 1] == " " || scalars[upper - 1] == "\t" { upper -= 1 }
        return lower..<upper
    }

    /// The leading blanks of the line (to copy the indentation of an inserted line).
    public var indentation: String {
        let firstNonBlank = scalars.firstIndex { $0 != " " && $0 != "\t" } ?? range.upperBound
        return string(range.lowerBound..<firstNonBlank)
    }

    /// The first index of `scalar` in `range` (default: the whole line).
    public func firstIndex(of scalar: Unicode.Scalar, in range: Range<Int>? = nil) -> Int? {
        scalars[range ?? self.range].firstIndex(of: scalar)
    }
}
