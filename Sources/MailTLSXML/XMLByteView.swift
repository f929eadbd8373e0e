import MailTLSCore

/// The file's characters as UTF-8 bytes, each tied to the byte of the file it came from: what
/// the markup scanner indexes and what edits measure lines in.
///
/// A UTF-8 file (nearly all of them) is its own view: the bytes are checked once and used as
/// they are, and view offsets are file offsets. UTF-16 and CP932 files are decoded by
/// `TextFile` (which keeps each character's byte offset) and re-encoded as UTF-8 with a map
/// back; markup is ASCII in every encoding, so the scanner never needs to know which it was.
struct XMLByteView: Sendable {
    /// UTF-8 bytes; for a UTF-8 file, the file itself (BOM included).
    let bytes: [UInt8]
    /// Index of the first character (past a BOM).
    let start: Int
    /// `map[i]` is the file offset of view byte `i`, with one extra entry for the end; nil
    /// when the view is the file itself.
    private let map: [Int]?

    /// Decodes `file` as `encoding`, failing exactly as `TextFile` does (NUL characters,
    /// invalid UTF-8 or UTF-16).
    init(_ file: [UInt8], encoding: TextEncoding) throws(InputError) {
        if case .utf8(let bom) = encoding, Self.isCleanUTF8(file) {
            bytes = file
            start = bom && file.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            map = nil
            return
        }
        if encoding == .utf16LE || encoding == .utf16BE, let (view, map) = Self.transcodeUTF16(file, bigEndian: encoding == .utf16BE) {
            bytes = view
            start = 0
            self.map = map
            return
        }
        // CP932, and UTF-8 or UTF-16 that TextFile refuses (it names the fault and offset).
        let text = try TextFile(bytes: file, encoding: encoding)
        var view: [UInt8] = []
        var map: [Int] = []
        view.reserveCapacity(text.scalars.count)
        map.reserveCapacity(text.scalars.count + 1)
        for (k, scalar) in text.scalars.enumerated() {
            let offset = text.offsets[k]
            for byte in UTF8.encode(scalar)! {
                view.append(byte)
                map.append(offset)
            }
        }
        map.append(text.offsets[text.scalars.count])
        bytes = view
        start = 0
        self.map = map
    }

    /// The file offset of view offset `i` (`0...bytes.count`).
    @inline(__always)
    func fileOffset(_ i: Int) -> Int { map?[i] ?? i }

    func fileRange(_ range: Range<Int>) -> Range<Int> { fileOffset(range.lowerBound)..<fileOffset(range.upperBound) }

    /// A UTF-16 file (after its BOM) as UTF-8 with each byte's file offset, or nil when
    /// `TextFile` would refuse it (odd length, unpaired surrogate, NUL).
    private static func transcodeUTF16(_ file: [UInt8], bigEndian: Bool) -> (view: [UInt8], map: [Int])? {
        let bom: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        let first = file.starts(with: bom) ? 2 : 0
        guard (file.count - first) % 2 == 0 else { return nil }
        // At most 3 UTF-8 bytes per 2-byte unit (a 4-byte sequence takes two units).
        let capacity = (file.count - first) / 2 * 3
        var failed = false
        var map: [Int] = []
        let view = [UInt8](unsafeUninitializedCapacity: capacity) { out, written in
            map = [Int](unsafeUninitializedCapacity: capacity + 1) { offsets, mapped in
                file.withUnsafeBufferPointer { b in
                    var i = first, n = 0
                    @inline(__always) func unit(_ i: Int) -> UInt32 {
                        bigEndian ? UInt32(b[i]) << 8 | UInt32(b[i + 1]) : UInt32(b[i]) | UInt32(b[i + 1]) << 8
                    }
                    while i < b.count {
                        var u = unit(i)
                        let offset = i
                        if u < 0x80 {
                            if u == 0 { failed = true; break }
                            out[n] = UInt8(u); offsets[n] = offset; n += 1; i += 2
                            continue
                        }
                        if u >= 0xD800, u <= 0xDFFF {
                            guard u <= 0xDBFF, i + 3 < b.count, case let low = unit(i + 2), low >= 0xDC00, low <= 0xDFFF else {
                                failed = true
                                break
                            }
                            u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00)
                            i += 4
                        } else {
                            i += 2
                        }
                        for byte in UTF8.encode(Unicode.Scalar(u)!)! {
                            out[n] = byte; offsets[n] = offset; n += 1
                        }
                    }
                    offsets[n] = b.count
                    written = n
                    mapped = n + 1
                }
            }
        }
        return failed ? nil : (view, map)
    }

    /// Valid UTF-8 without NUL, eight ASCII bytes at a time: a file that `TextFile` would read
    /// without complaint, so its bytes can serve as they are.
    static func isCleanUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            var i = 0
            while i < count {
                if i + 8 <= count {
                    let word = UnsafeRawPointer(buffer.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    // No byte with its high bit set and no zero byte.
                    let zeroes = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
                    if word & 0x8080_8080_8080_8080 == 0, zeroes == 0 {
                        i += 8
                        continue
                    }
                }
                let byte = buffer[i]
                if byte == 0 { return false }
                if byte < 0x80 {
                    i += 1
                    continue
                }
                guard let (_, length) = UTF8Bytes.decode(buffer, at: i) else { return false }
                i += length
            }
            return true
        }
    }
}
