/// Hexadecimal numbers as settings files spell them (`SMTP_Port` `0000024b`, `.reg`
/// `dword:000001d1`): parsing any width and case, and writing a new value in the style of the
/// old one.
public enum HexNumber {
    /// Parses hex digits with no prefix, any width, either case.
    public static func parse(_ text: String) -> Int? {
        guard !text.isEmpty, text.count <= 16 else { return nil }
        return Int(text, radix: 16)
    }

    /// `value` in hex, keeping the case of `original` (upper when it has an upper-case letter)
    /// and at least its width, zero-padded: `0000024b` -> `000001d1`, `19` -> `1d1`,
    /// `0000024B` -> `000001D1`.
    public static func format(_ value: Int, like original: String) -> String {
        let upper = original.contains { ("A"..."F").contains($0) }
        var digits = String(value, radix: 16, uppercase: upper)
        if digits.count < original.count { digits = String(repeating: "0", count: original.count - digits.count) + digits }
        return digits
    }
}
