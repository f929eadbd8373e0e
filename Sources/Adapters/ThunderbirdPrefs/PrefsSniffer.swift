#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import MailTLSCore

/// Content detection: the Mozilla header (any case), or a `user_pref(` / `pref(` / `lockPref(` /
/// `sticky_pref(` statement at a word boundary.
///
/// Every one of these has a `p` or `P` (`Preferences`, `pref`, `lockPref`), so the head is
/// searched for those two bytes only (`memchr`) and each hit is tested for the signatures
/// that could hold it there.
enum PrefsSniffer {
    static func looksLikePrefs(_ file: InputFile) -> Bool {
        file.headBytes.withUnsafeBufferPointer { head in
            anySignature(at: UInt8(ascii: "p"), in: head) || anySignature(at: UInt8(ascii: "P"), in: head)
        }
    }

    private static func anySignature(at letter: UInt8, in head: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = head.baseAddress else { return false }
        var from = 0
        while from < head.count, let hit = memchr(base + from, Int32(letter), head.count - from) {
            let p = UnsafeRawPointer(base).distance(to: hit)
            if isSignature(around: p, in: head) { return true }
            from = p + 1
        }
        return false
    }

    /// Whether the `p` or `P` at `p` belongs to a signature.
    private static func isSignature(around p: Int, in head: UnsafeBufferPointer<UInt8>) -> Bool {
        if p >= 13, matches("mozilla user preferences", at: p - 13, in: head, ignoringCase: true) { return true }
        if head[p] == UInt8(ascii: "P") {
            return p >= 4 && isStatement("lockPref", at: p - 4, in: head)
        }
        return isStatement("pref", at: p, in: head) || (p >= 5 && isStatement("user_pref", at: p - 5, in: head))
            || (p >= 7 && isStatement("sticky_pref", at: p - 7, in: head))
    }

    /// `keyword` at `index` as a whole word followed (after blanks) by `(`.
    private static func isStatement(_ keyword: StaticString, at index: Int, in head: UnsafeBufferPointer<UInt8>) -> Bool {
        guard matches(keyword, at: index, in: head, ignoringCase: false) else { return false }
        if index > 0, isWordCharacter(head[index - 1]) { return false }
        var next = index + keyword.utf8CodeUnitCount
        while next < head.count, head[next] == 0x20 || head[next] == 0x09 { next += 1 }
        return next < head.count && head[next] == UInt8(ascii: "(")
    }

    /// Whether `literal` (lower case when `ignoringCase`) is at `index`.
    private static func matches(_ literal: StaticString, at index: Int, in head: UnsafeBufferPointer<UInt8>, ignoringCase: Bool) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard head.count - index >= count else { return false }
        let pattern = literal.utf8Start
        for k in 0..<count {
            let c = ignoringCase ? ByteSearch.asciiLower(head[index + k]) : head[index + k]
            if c != pattern[k] { return false }
        }
        return true
    }

    private static func isWordCharacter(_ c: UInt8) -> Bool {
        let lower = c | 0x20
        return (lower >= 0x61 && lower <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "_") || c == UInt8(ascii: ".")
    }
}
