import MailTLSCore

/// Content detection: the Mozilla header, or a `user_pref(` / `pref(` / `lockPref(` /
/// `sticky_pref(` statement at a word boundary.
enum PrefsSniffer {
    static func looksLikePrefs(_ file: InputFile) -> Bool {
        if file.headContains("Mozilla User Preferences") { return true }
        // Cheap rejection: every statement keyword contains "pref" (ignoring case).
        guard file.headContains("pref") else { return false }
        let scalars = Array(file.headText.unicodeScalars)
        for keyword in PrefStatement.Spec.allCases.map({ Array($0.rawValue.unicodeScalars) }) {
            var start = 0
            while let found = firstIndex(of: keyword, in: scalars, from: start) {
                if isStatementStart(at: found, length: keyword.count, in: scalars) { return true }
                start = found + 1
            }
        }
        return false
    }

    private static func firstIndex(of needle: [Unicode.Scalar], in scalars: [Unicode.Scalar], from start: Int) -> Int? {
        guard needle.count <= scalars.count, start <= scalars.count - needle.count else { return nil }
        for i in start...(scalars.count - needle.count) where scalars[i..<(i + needle.count)].elementsEqual(needle) {
            return i
        }
        return nil
    }

    /// The keyword is a whole word followed (after blanks) by `(`.
    private static func isStatementStart(at index: Int, length: Int, in scalars: [Unicode.Scalar]) -> Bool {
        if index > 0, isWordCharacter(scalars[index - 1]) { return false }
        var next = index + length
        while next < scalars.count, scalars[next] == " " || scalars[next] == "\t" { next += 1 }
        return next < scalars.count && scalars[next] == "("
    }

    private static func isWordCharacter(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "."
    }
}
