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
    public static func rootLocalName(of file: InputFile, within limit: Int = InputFile.headLength) -> String? {
        let s = Array(head(of: file, limit).unicodeScalars)
        var i = 0
        func has(_ literal: String) -> Bool {
            var k = i
            for scalar in literal.unicodeScalars {
                guard k < s.count, s[k] == scalar else { return false }
                k += 1
            }
            return true
        }
        func skip(past literal: String) -> Bool {
            while i < s.count, !has(literal) { i += 1 }
            guard i < s.count else { return false }
            i += literal.unicodeScalars.count
            return true
        }
        while i < s.count {
            let c = s[i]
            if MarkupScanner.isWhitespace(c) || c == "\u{FEFF}" {
                i += 1
            } else if has("<?") {
                guard skip(past: "?>") else { return nil }
            } else if has("<!--") {
                guard skip(past: "-->") else { return nil }
            } else if has("<!DOCTYPE") {
                // Root detection only: a subset with '>' inside quotes may end this early, which
                // at worst makes the sniffer say "not XML" and the full parse never run.
                var depth = 0
                while i < s.count, !(s[i] == ">" && depth == 0) {
                    if s[i] == "[" { depth += 1 } else if s[i] == "]" { depth -= 1 }
                    i += 1
                }
                guard i < s.count else { return nil }
                i += 1
            } else if c == "<" {
                i += 1
                var name = String.UnicodeScalarView()
                while i < s.count, !MarkupScanner.isWhitespace(s[i]), s[i] != ">", s[i] != "/" {
                    name.append(s[i])
                    i += 1
                }
                let qualified = String(name)
                guard !qualified.isEmpty else { return nil }
                return qualified.split(separator: ":").last.map(String.init)
            } else {
                return nil
            }
        }
        return nil
    }

    /// The first `limit` bytes as text: BOM first, then UTF-16 without BOM by its zero bytes,
    /// else UTF-8 (lenient).
    static func head(of file: InputFile, _ limit: Int) -> String {
        let bytes = file.bytes
        // Most files start with a BOM or '<' in UTF-8: the decoded head the file already has
        // serves, and is decoded once for all adapters.
        if bytes.count >= 2, !(bytes[0] == 0x3C && bytes[1] == 0), !(bytes[0] == 0 && bytes[1] == 0x3C), limit <= InputFile.headLength {
            return file.headText
        }
        let prefix = Array(bytes.prefix(limit))
        if prefix.count >= 2, prefix[0] == 0x3C, prefix[1] == 0 { return TextEncoding.utf16LE.decode(prefix) }
        if prefix.count >= 2, prefix[0] == 0, prefix[1] == 0x3C { return TextEncoding.utf16BE.decode(prefix) }
        return InputFile(name: "", bytes: prefix).head(limit)
    }
}
