import MailTLSCore

/// Splits an `.iaf` file into records, checking every length before it is used, so no input
/// can make it read out of bounds or allocate more than one small struct per 8 bytes of file.
enum IAFParser {
    /// The 12 bytes every Outlook Express 5/6 export starts with: "fMAI", 00 00 05 00, 01 00 00 00.
    static let header: [UInt8] = [0x66, 0x4D, 0x41, 0x49, 0x00, 0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00]
    static let magic = Array(header.prefix(4))
    /// Records this long are not account settings, whatever the file says (server and user
    /// names are at most 256 characters; certificates a few KiB).
    static let maximumRecordLength = 64 * 1024

    static func hasHeader(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: header)
    }

    /// Every record from the end of the header to the end of the file, in file order.
    static func records(of bytes: [UInt8]) throws(InputError) -> [IAFRecord] {
        try checkHeader(bytes)
        var records: [IAFRecord] = []
        var offset = header.count
        while offset < bytes.count {
            let record = try readRecord(bytes, at: offset)
            records.append(record)
            offset = record.data.upperBound
        }
        return records
    }

    private static func checkHeader(_ bytes: [UInt8]) throws(InputError) {
        if bytes.isEmpty { throw InputError(.empty, "empty file (0 bytes)") }
        if hasHeader(bytes) { return }
        if bytes.count < header.count, header.starts(with: bytes) {
            throw InputError(.truncated, "header cut short: \(bytes.count) of \(header.count) bytes")
        }
        if bytes.starts(with: magic) {
            let found = bytes[4..<min(bytes.count, header.count)].map { hexByte($0) }.joined(separator: " ")
            throw InputError(
                .unsupportedFormat,
                "unknown .iaf header version (bytes 4-11: \(found)); only Outlook Express 5/6 exports (00 00 05 00 01 00 00 00) are supported")
        }
        throw InputError(.unsupportedFormat, "not an Outlook Express .iaf file (no fMAI header)")
    }

    private static func readRecord(_ bytes: [UInt8], at offset: Int) throws(InputError) -> IAFRecord {
        let available = bytes.count - offset
        guard available >= 8 else {
            throw InputError(.truncated, "record header cut short at offset \(hexOffset(offset)): \(available) of 8 bytes")
        }
        let id = readUInt32LE(bytes, at: offset)
        let length = Int(readUInt32LE(bytes, at: offset + 4))
        // Named only when something is wrong: most records are fine, and the text costs more
        // than reading them.
        func place() -> String { "record \(IAFField.describe(id)) at offset \(hexOffset(offset))" }
        let dataStart = offset + 8
        guard length <= bytes.count - dataStart else {
            throw InputError(
                .truncated,
                "\(place()): length \(length) runs past the end of the file (\(bytes.count - dataStart) bytes left)")
        }
        guard length <= maximumRecordLength else {
            throw InputError(.invalidValue, "\(place()): absurd length \(length) (limit \(maximumRecordLength))")
        }
        let record = IAFRecord(id: id, offset: offset, data: dataStart..<(dataStart + length))
        try check(record, in: bytes, place)
        return record
    }

    /// Checks the data fits the type the id names; unknown types are opaque and always fit.
    private static func check(_ record: IAFRecord, in bytes: [UInt8], _ place: () -> String) throws(InputError) {
        guard let type = record.type else { return }
        if let fixed = type.fixedLength, record.data.count != fixed {
            throw InputError(.invalidValue, "\(place()): \(type.label) record of length \(record.data.count), expected \(fixed)")
        }
        if type == .string, !bytes[record.data].contains(0) {
            throw InputError(.invalidValue, "\(place()): string without its NUL terminator")
        }
    }

    private static func hexByte(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }
}
