import MailTLSCore

/// Content detection: the Mozilla header, or a `user_pref(` / `pref(` / `lockPref(` /
/// `sticky_pref(` statement at a word boundary.
enum PrefsSniffer {
    static func looksLikePrefs(_ file: InputFile) -> Bool {
        if file.headContains("Mozilla User Preferences") { return true }
        // Cheap rejection: every statement keyword contains "pref" (ignoring case).
        guard file.headContains("pref") else { return false }
        let head = file.headBytes
        for keyword in PrefStatement.Spec.allCases.map({ Array($0.rawValue.utf8) }) {
            var start = 0
            while let found = ByteSearch.firstIndex(of: keyword, in: head, from: start) {
                if isStatementStart(at: found, length: keyword.count, in: head) { return true }
                start = found + 1
            }
        }
        return false
    }

    /// The keyword is a whole word followed (after blanks) by `(`.
    private static func isStatementStart(at index: Int, length: Int, in bytes: [UInt8]) -> Bool {
        if index > 0, isWordCharacter(bytes[index - 1]) { return false }
        var next = index + length
        while next < bytes.count, bytes[next] == 0x20 || bytes[next] == 0x09 { next += 1 }
        return next < bytes.count && bytes[next] == UInt8(ascii: "(")
    }

    private static func isWordCharacter(_ c: UInt8) -> Bool {
        let lower = c | 0x20
        return (lower >= 0x61 && lower <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "_") || c == UInt8(ascii: ".")
    }
}
