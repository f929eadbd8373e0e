import MailTLSCore

/// Cheap content detection for XML adapters: the local name of the root element, read from
/// the first few KiB without a full parse.
public enum XMLSniffer {
    /// Detection for an XML format known by its root element: `.signature` when the root's
    /// local name is `root`, `.nameOnly` when only the file name fits `filePatterns`.
    public static func detect(_ file: InputFile, root: String, filePatterns: [String]) -> Detection {
        if rootLocalName(of: file) == root { return .signature }
        return file.nameMatches(filePatterns) ? .nameOnly : .no
    }

    /// The root element's local name (`MessageAccount` for `<MessageAccount>` or
    /// `<x:MessageAccount>`), or nil when the head of the file does not start like XML.
    /// Reads the head as ASCII-compatible bytes: markup is ASCII in every encoding here.
    public static func rootLocalName(of file: InputFile, within limit: Int = InputFile.headLength) -> String? {
        let s = head(of: file, limit)
        var i = 0
        func has(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard i + count <= s.count else { return false }
            let p = literal.utf8Start
            for k in 0..<count where s[i + k] != p[k] { return false }
            return true
        }
        func skip(past literal: StaticString) -> Bool {
            while i < s.count, !has(literal) { i += 1 }
            guard i < s.count else { return false }
            i += literal.utf8CodeUnitCount
            return true
        }
        while i < s.count {
            let c = s[i]
            if MarkupScanner.isWhitespace(c) {
                i += 1
            } else if has("\u{FEFF}") {
                i += 3
            } else if has("<?") {
                guard skip(past: "?>") else { return nil }
            } else if has("<!--") {
                guard skip(past: "-->") else { return nil }
            } else if has("<!DOCTYPE") {
                // Root detection only: a subset with '>' inside quotes may end this early, which
                // at worst makes the sniffer say "not XML" and the full parse never run.
                var depth = 0
                while i < s.count, !(s[i] == UInt8(ascii: ">") && depth == 0) {
                    if s[i] == UInt8(ascii: "[") { depth += 1 } else if s[i] == UInt8(ascii: "]") { depth -= 1 }
                    i += 1
                }
                guard i < s.count else { return nil }
                i += 1
            } else if c == UInt8(ascii: "<") {
                i += 1
                let start = i
                while i < s.count, !MarkupScanner.isWhitespace(s[i]), s[i] != UInt8(ascii: ">"), s[i] != UInt8(ascii: "/") {
                    i += 1
                }
                guard i > start else { return nil }
                let qualified = s[start..<i]
                let local = qualified.lastIndex(of: UInt8(ascii: ":")).map { qualified[($0 + 1)...] } ?? qualified
                return local.isEmpty ? nil : String(decoding: local, as: UTF8.self)
            } else {
                return nil
            }
        }
        return nil
    }

    /// The first `limit` bytes as ASCII-compatible bytes: BOM first, then UTF-16 without BOM
    /// by its zero bytes, else the file's own head view.
    static func head(of file: InputFile, _ limit: Int) -> [UInt8] {
        let bytes = file.bytes
        if bytes.count >= 2, bytes[0] == 0x3C || bytes[1] == 0x3C, bytes[0] == 0 || bytes[1] == 0 {
            let prefix = Array(bytes.prefix(limit))
            let encoding: TextEncoding = bytes[1] == 0 ? .utf16LE : .utf16BE
            return Array(encoding.decode(prefix).utf8)
        }
        // Most files start with a BOM or '<' in UTF-8: the head view the file already has
        // serves, and is made once for all adapters.
        if limit <= InputFile.headLength { return file.headBytes }
        return InputFile(name: "", bytes: Array(bytes.prefix(limit))).headBytes
    }
}
