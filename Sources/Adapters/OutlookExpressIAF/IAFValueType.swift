/// The low 16 bits of an `.iaf` field id: how the record's data is laid out (Wine's PROPTYPE
/// enum, TYPE_ERROR = 1000). Format note §1.2.
enum IAFValueType: UInt16, Sendable {
    /// u32 little-endian.
    case dword = 0x03E9
    /// Bytes in the Windows ANSI code page, NUL-terminated; the length includes the NUL.
    case string = 0x03F0
    /// Opaque bytes (certificates and the like).
    case binary = 0x03F1
    /// u32 little-endian, 0 or 1.
    case bool = 0x03F5
    /// An obfuscated password (`01 01`, u32 count, XORed bytes). Copied, never decoded.
    case password = 0x03F6
    /// 8 bytes (HTTPMail polling times); probably ULARGE_INTEGER.
    case ulargeInteger = 0x03F7

    init?(fieldID: UInt32) {
        self.init(rawValue: UInt16(truncatingIfNeeded: fieldID))
    }

    /// The data length this type requires, or nil when any length is fine.
    var fixedLength: Int? {
        switch self {
        case .dword, .bool: 4
        case .string, .binary, .password, .ulargeInteger: nil
        }
    }

    var label: String {
        switch self {
        case .dword: "DWORD"
        case .string: "STRING"
        case .binary: "BINARY"
        case .bool: "BOOL"
        case .password: "PASS"
        case .ulargeInteger: "ULARGE_INTEGER"
        }
    }
}
