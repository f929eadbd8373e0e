/// One record of an `.iaf` file, as positions in the file's bytes: `u32 id`, `u32 length`,
/// then `length` bytes of data. The bytes themselves stay in the file.
struct IAFRecord: Sendable, Equatable {
    /// The field id, `(property id << 16) | type code`.
    var id: UInt32
    /// Where the record's 8-byte header starts.
    var offset: Int
    /// Where its data sits.
    var data: Range<Int>

    var type: IAFValueType? { IAFValueType(fieldID: id) }
}

extension IAFRecord {
    /// The u32 little-endian value of a DWORD or BOOL record (the parser checked its length).
    func number(in file: [UInt8]) -> UInt32 {
        readUInt32LE(file, at: data.lowerBound)
    }

    /// A STRING record's characters: the bytes before the first NUL (the parser checked
    /// there is one). Stopping at the first NUL matters: some exports pad with zeros.
    func stringBytes(in file: [UInt8]) -> ArraySlice<UInt8> {
        let slice = file[data]
        return slice[..<(slice.firstIndex(of: 0) ?? slice.endIndex)]
    }
}

/// Reads a u32 little-endian at `offset`; the caller guarantees 4 bytes are there.
func readUInt32LE(_ bytes: [UInt8], at offset: Int) -> UInt32 {
    UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
        | UInt32(bytes[offset + 3]) << 24
}

/// `value` as 4 bytes little-endian.
func uint32LEBytes(_ value: UInt32) -> [UInt8] {
    [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24)]
}
