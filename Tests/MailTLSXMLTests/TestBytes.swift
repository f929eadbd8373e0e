import MailTLSCore

/// Test documents in a chosen encoding, with or without BOM.
enum TestBytes {
    static func utf8(_ text: String, bom: Bool = false) -> [UInt8] {
        (bom ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)
    }

    static func utf16LE(_ text: String, bom: Bool = true) -> [UInt8] {
        (bom ? [0xFF, 0xFE] : []) + TextEncoding.utf16LE.encode(text)
    }

    static func utf16BE(_ text: String, bom: Bool = true) -> [UInt8] {
        (bom ? [0xFE, 0xFF] : []) + TextEncoding.utf16BE.encode(text)
    }

    static func cp932(_ text: String) -> [UInt8] {
        TextEncoding.cp932.encode(text)
    }
}
