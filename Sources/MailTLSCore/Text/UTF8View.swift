/// A text file's characters as UTF-8, each byte tied to the file offset of the character it
/// belongs to: the byte view that parsers scan when the file is not UTF-8 already (UTF-16,
/// CP932). Made in one pass over the file's bytes, with `TextFile`'s rules and error messages
/// (empty file, NUL, odd or unpaired UTF-16, invalid UTF-8 after a BOM), and without building a
/// `Unicode.Scalar` per character. CP932 keeps its lead/trail rule: a trail byte that looks like
/// `\` or `[` is part of its character and never reaches the view as ASCII.
public struct UTF8View: Sendable {
    /// The text as UTF-8, without BOM.
    public let bytes: [UInt8]
    /// `offsets[i]` is the file offset of the character that view byte `i` belongs to; one
    /// extra entry holds the end of the file.
    public let offsets: [Int]

    public init(file: [UInt8], encoding: TextEncoding) throws(InputError) {
        guard !file.isEmpty else { throw InputError(.empty, "empty file") }
        var out = Writer(capacity: file.count)
        let b = file
        switch encoding {
        case .utf8(let bom):
            var i = bom && b.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            while i < b.count {
                guard let (scalar, length) = UTF8Bytes.decode(b, at: i) else {
                    throw InputError(.encoding, "invalid UTF-8 at offset \(TextFile.hex(i))")
                }
                out.append(scalar.value, at: i)
                i += length
            }
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
                } else if TextEncoding.isCP932LeadByte(byte), i + 1 < b.count, TextEncoding.isCP932TrailByte(b[i + 1]) {
                    out.append((CP932Table.scalar(lead: byte, trail: b[i + 1]) ?? "\u{FFFD}").value, at: i); i += 2
                } else {
                    out.append((CP932Table.scalar(single: byte) ?? "\u{FFFD}").value, at: i); i += 1
                }
            }
        }
        out.map.append(b.count)
        if let nul = out.nul { throw InputError(.unsupportedFormat, "NUL character at offset \(TextFile.hex(nul)): binary data, not a text file") }
        bytes = out.view
        offsets = out.map
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
                view.append(UInt8(v)); map.append(offset)
            } else if v < 0x800 {
                view.append(UInt8(0xC0 | v >> 6)); view.append(UInt8(0x80 | v & 0x3F))
                map.append(offset); map.append(offset)
            } else if v < 0x10000 {
                view.append(UInt8(0xE0 | v >> 12)); view.append(UInt8(0x80 | v >> 6 & 0x3F)); view.append(UInt8(0x80 | v & 0x3F))
                map.append(offset); map.append(offset); map.append(offset)
            } else {
                view.append(UInt8(0xF0 | v >> 18)); view.append(UInt8(0x80 | v >> 12 & 0x3F))
                view.append(UInt8(0x80 | v >> 6 & 0x3F)); view.append(UInt8(0x80 | v & 0x3F))
                map.append(offset); map.append(offset); map.append(offset); map.append(offset)
            }
        }
    }
}
