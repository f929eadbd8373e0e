import MailTLSCore

/// Picks the `TextEncoding` for reading an XML file's characters, following the same clues
/// libxml2 uses (XML 1.0 appendix F): a BOM, the byte pattern of `<?` in UTF-16 without BOM,
/// else the encoding named in the XML declaration. Only encodings `TextFile` can map back to
/// exact bytes are accepted: UTF-8, UTF-16LE/BE and Shift_JIS/CP932.
enum XMLTextEncoding {
    static func choose(_ bytes: [UInt8]) throws(InputError) -> TextEncoding {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8(bom: true) }
        if bytes.starts(with: [0xFF, 0xFE]) { return .utf16LE }
        if bytes.starts(with: [0xFE, 0xFF]) { return .utf16BE }
        if bytes.count >= 2, bytes[0] == 0x3C, bytes[1] == 0x00 { return .utf16LE }
        if bytes.count >= 2, bytes[0] == 0x00, bytes[1] == 0x3C { return .utf16BE }
        guard let declared = declaredEncoding(bytes) else { return .utf8(bom: false) }
        switch declared.lowercased() {
        case "utf-8", "utf8", "us-ascii", "ascii":
            return .utf8(bom: false)
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "cp932", "windows-31j", "ms_kanji", "csshiftjis":
            return .cp932
        default:
            if bytes.allSatisfy({ $0 < 0x80 }) { return .utf8(bom: false) }
            throw InputError(
                .unsupportedFormat,
                "XML: encoding '\(declared)' is not supported (UTF-8, UTF-16 or Shift_JIS/CP932 only)")
        }
    }

    /// The `encoding="..."` pseudo-attribute of an ASCII-compatible XML declaration.
    static func declaredEncoding(_ bytes: [UInt8]) -> String? {
        let head = bytes.prefix(256)
        guard head.starts(with: Array("<?xml".utf8)), let close = firstIndex(of: Array("?>".utf8), in: head),
            let key = firstIndex(of: Array("encoding".utf8), in: head[..<close])
        else { return nil }
        func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }
        var rest = head[(key + 8)..<close].drop(while: isBlank)
        guard rest.first == UInt8(ascii: "=") else { return nil }
        rest = rest.dropFirst().drop(while: isBlank)
        guard let quote = rest.first, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
        rest = rest.dropFirst()
        guard let end = rest.firstIndex(of: quote) else { return nil }
        return String(decoding: rest[..<end], as: UTF8.self)
    }

    private static func firstIndex(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in haystack.startIndex...(haystack.endIndex - needle.count)
        where haystack[start] == needle[0] && haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}
