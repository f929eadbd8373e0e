/// The byte encoding of a text settings file, found from its BOM or its bytes. Output is
/// always written in the input's encoding: adapters only ever add ASCII text, which every
/// encoding here can carry.
public enum TextEncoding: Sendable, Equatable, CustomStringConvertible {
    /// UTF-8, with or without a byte-order mark (plain ASCII files are UTF-8 without BOM).
    case utf8(bom: Bool)
    /// UTF-16 little-endian with BOM (Windows "Unicode": regedit 5.00, Windows Mail).
    case utf16LE
    /// UTF-16 big-endian with BOM.
    case utf16BE
    /// A legacy double-byte ANSI code page: CP932 (Shift_JIS with Microsoft's extensions),
    /// what Japanese Windows writes. Assumed for text that is not valid UTF-8.
    case cp932

    public var description: String {
        switch self {
        case .utf8(let bom): bom ? "UTF-8 with BOM" : "UTF-8"
        case .utf16LE: "UTF-16LE"
        case .utf16BE: "UTF-16BE"
        case .cp932: "CP932"
        }
    }

    /// Length of the byte-order mark this encoding starts with.
    public var bomLength: Int {
        switch self {
        case .utf8(let bom): bom ? 3 : 0
        case .utf16LE, .utf16BE: 2
        case .cp932: 0
        }
    }

    /// Finds the encoding from a BOM, else from whether the bytes are valid UTF-8.
    public static func detect(_ bytes: [UInt8]) -> TextEncoding {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8(bom: true) }
        if bytes.starts(with: [0xFF, 0xFE]) { return .utf16LE }
        if bytes.starts(with: [0xFE, 0xFF]) { return .utf16BE }
        return UTF8Bytes.isValid(bytes) ? .utf8(bom: false) : .cp932
    }

    /// `text` in this encoding, without BOM.
    public func encode(_ text: String) -> [UInt8] {
        switch self {
        case .utf8: return Array(text.utf8)
        case .utf16LE: return text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        case .utf16BE: return text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        case .cp932:
            if text.utf8.allSatisfy({ $0 < 0x80 }) { return Array(text.utf8) }
            // ASCII stays ASCII, as in `TextFile`. A character the code page lacks is written
            // as UTF-8 (a caller that must round-trip checks by decoding the result).
            var bytes: [UInt8] = []
            for scalar in text.unicodeScalars {
                if scalar.isASCII {
                    bytes.append(UInt8(scalar.value))
                } else {
                    bytes += CP932Table.bytes(of: scalar) ?? Array(String(scalar).utf8)
                }
            }
            return bytes
        }
    }

    /// Decodes a byte range of a file in this encoding (for display: names, hosts). Invalid
    /// sequences become U+FFFD rather than failing, since this never feeds output bytes.
    public func decode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        switch self {
        case .utf8: return String(decoding: bytes, as: UTF8.self)
        case .utf16LE, .utf16BE:
            let array = Array(bytes)
            var units: [UInt16] = []
            units.reserveCapacity(array.count / 2)
            var i = 0
            while i + 1 < array.count {
                let (a, b) = (UInt16(array[i]), UInt16(array[i + 1]))
                units.append(self == .utf16LE ? a | b << 8 : a << 8 | b)
                i += 2
            }
            return String(decoding: units, as: UTF16.self)
        case .cp932:
            let array = Array(bytes)
            if array.allSatisfy({ $0 < 0x80 }) { return String(decoding: array, as: UTF8.self) }
            // Character by character as `TextFile` reads them (`CP932Table.character`), written
            // as UTF-8 and made a `String` once.
            var utf8: [UInt8] = []
            utf8.reserveCapacity(array.count * 3 / 2)
            var i = 0
            while i < array.count {
                if array[i] < 0x80 {
                    utf8.append(array[i])
                    i += 1
                } else {
                    let (scalar, length) = CP932Table.character(array, at: i)
                    UTF8Bytes.append(scalar.value, to: &utf8)
                    i += length
                }
            }
            return String(decoding: utf8, as: UTF8.self)
        }
    }
}

extension TextEncoding {
    /// CP932 lead bytes start a two-byte character whose second byte may be `\`, `[` or `]`:
    /// a scanner must step over both bytes so that such a trail byte is never read as syntax.
    public static func isCP932LeadByte(_ byte: UInt8) -> Bool {
        (0x81...0x9F).contains(byte) || (0xE0...0xFC).contains(byte)
    }

    /// The bytes that may follow a lead byte. Anything else (a line break, a control byte)
    /// leaves the lead byte on its own, so a stray lead byte can never swallow a newline.
    public static func isCP932TrailByte(_ byte: UInt8) -> Bool {
        (0x40...0x7E).contains(byte) || (0x80...0xFC).contains(byte)
    }
}
