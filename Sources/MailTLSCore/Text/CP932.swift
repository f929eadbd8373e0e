/// Microsoft's code page 932 (Shift_JIS with the NEC and IBM extensions), the core's own copy
/// so that reading a Japanese file needs no code-page converter (and no Foundation or ICU).
/// Used for display (names and hosts in reports) and to write back text decoded from a CP932
/// file; syntax is ASCII and never goes through here. The double-byte rows are data in
/// `CP932Table.swift`.
enum CP932Table {
    /// The character of a lead byte and a trail byte, or nil when the pair has none.
    static func scalar(lead: UInt8, trail: UInt8) -> Unicode.Scalar? {
        guard let row = row(of: lead), let column = column(of: trail) else { return nil }
        if (0xF0...0xF9).contains(lead) {
            // The user-defined area: U+E000 onwards, in byte order.
            return Unicode.Scalar(0xE000 + UInt32(lead - 0xF0) * 188 + UInt32(column))
        }
        let value = decoding[row * 188 + column]
        return value == 0 ? nil : Unicode.Scalar(value)
    }

    /// The character of a byte on its own: half-width katakana 0xA1-0xDF; nothing else above
    /// ASCII stands alone.
    static func scalar(single byte: UInt8) -> Unicode.Scalar? {
        (0xA1...0xDF).contains(byte) ? Unicode.Scalar(0xFF61 + UInt32(byte - 0xA1)) : nil
    }

    /// The character that starts with the non-ASCII byte at `i`, and how many bytes it takes:
    /// a lead byte with the trail byte after it, anything else alone (half-width katakana, or
    /// U+FFFD for a byte or pair the code page does not define). One rule for every reader, so
    /// that a trail byte that looks like `\` or `[` is never read on its own.
    static func character(_ b: [UInt8], at i: Int) -> (scalar: Unicode.Scalar, length: Int) {
        let byte = b[i]
        if TextEncoding.isCP932LeadByte(byte), i + 1 < b.count, TextEncoding.isCP932TrailByte(b[i + 1]) {
            return (scalar(lead: byte, trail: b[i + 1]) ?? "\u{FFFD}", 2)
        }
        return (scalar(single: byte) ?? "\u{FFFD}", 1)
    }

    /// The bytes of a non-ASCII character, or nil when CP932 has none. Where the code page
    /// has a character twice, this is the form Windows writes: the NEC row 13 (0x87) before
    /// the IBM extensions (0xFA-0xFC), and those before the NEC-selected copies (0xED-0xEE).
    static func bytes(of scalar: Unicode.Scalar) -> [UInt8]? {
        if (0xFF61...0xFF9F).contains(scalar.value) { return [UInt8(scalar.value - 0xFF61 + 0xA1)] }
        if (0xE000..<0xE000 + 10 * 188).contains(scalar.value) {
            let index = Int(scalar.value - 0xE000)
            return [0xF0 + UInt8(index / 188), trail(at: index % 188)]
        }
        guard scalar.value <= 0xFFFF, let code = encoding[UInt16(scalar.value)] else { return nil }
        return [UInt8(code >> 8), UInt8(code & 0xFF)]
    }

    /// Trail bytes 0x40-0x7E, 0x80-0xFC as columns 0-187.
    private static func column(of trail: UInt8) -> Int? {
        switch trail {
        case 0x40...0x7E: Int(trail - 0x40)
        case 0x80...0xFC: Int(trail - 0x80) + 63
        default: nil
        }
    }

    private static func trail(at column: Int) -> UInt8 {
        column < 63 ? UInt8(0x40 + column) : UInt8(0x80 + column - 63)
    }

    /// Lead bytes as rows of `rows` (0xF0-0xF9, computed, get a row number past them).
    private static func row(of lead: UInt8) -> Int? {
        switch lead {
        case 0x81...0x9F: Int(lead - 0x81)
        case 0xE0...0xEF: Int(lead - 0xE0) + 31
        case 0xFA...0xFC: Int(lead - 0xFA) + 47
        case 0xF0...0xF9: 50
        default: nil
        }
    }

    private static let leads: [UInt8] = Array(0x81...0x9F) + Array(0xE0...0xEF) + Array(0xFA...0xFC)

    /// `rows` unpacked once, on first use: code points by row and column, 0 for no character.
    private static let decoding: [UInt16] = {
        var table = [UInt16](repeating: 0, count: leads.count * 188)
        for (row, text) in rows.enumerated() {
            precondition(text.unicodeScalars.count == 188, "CP932Table row \(row) is not 188 characters")
            for (column, scalar) in text.unicodeScalars.enumerated() where scalar != "?" {
                table[row * 188 + column] = UInt16(scalar.value)
            }
        }
        return table
    }()

    /// Code point -> lead and trail byte, preferring the forms `bytes(of:)` describes: rows in
    /// byte order, except that 0xED and 0xEE come last.
    private static let encoding: [UInt16: UInt16] = {
        var table: [UInt16: UInt16] = [:]
        let order = leads.indices.filter { leads[$0] != 0xED && leads[$0] != 0xEE }
            + leads.indices.filter { leads[$0] == 0xED || leads[$0] == 0xEE }
        for row in order {
            for column in 0..<188 where decoding[row * 188 + column] != 0 {
                let code = UInt16(leads[row]) << 8 | UInt16(trail(at: column))
                if table[decoding[row * 188 + column]] == nil { table[decoding[row * 188 + column]] = code }
            }
        }
        return table
    }()
}
