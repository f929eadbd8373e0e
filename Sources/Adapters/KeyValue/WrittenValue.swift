import MailTLSCore

/// A value as a line writes it: where it is, what it means, and which part an edit replaces.
/// Ranges are character ranges of the logical line.
struct WrittenValue: Sendable {
    enum Kind: Sendable, Equatable {
        /// Bare text (`587`, `on`).
        case bare
        /// Text in quotes (`"tls"`, regedit `"smtp.example.com"`): edits go inside the quotes.
        case quoted
        /// regedit `dword:0000024b`: edits replace the digits, keeping width and case.
        case dword(digits: String)
        /// regedit `hex:..`, `hex(2):..`: bytes, shown decoded.
        case bytes
    }

    /// The whole value as written.
    let raw: Range<Int>
    /// The part an edit replaces.
    let editable: Range<Int>
    /// The meaning: unquoted and unescaped text, a dword in decimal, bytes decoded as text.
    let text: String
    let kind: Kind

    /// Reads the value at `range` of `line` in the profile's value format.
    static func read(_ range: Range<Int>, of line: LogicalLine, format: ValueFormat, quotes: [UInt8]) -> WrittenValue {
        let trimmed = trim(range, in: line.chars)
        let chars = line.chars[trimmed]
        switch format {
        case .plain:
            if chars.count >= 2, let quote = chars.first, quotes.contains(quote), chars.last == quote {
                let inner = (trimmed.lowerBound + 1)..<(trimmed.upperBound - 1)
                return WrittenValue(raw: trimmed, editable: inner, text: unescape(line.chars[inner]), kind: .quoted)
            }
            return WrittenValue(raw: trimmed, editable: trimmed, text: line.string(trimmed), kind: .bare)
        case .registry:
            if chars.count >= 2, chars.first == 0x22, chars.last == 0x22 {
                let inner = (trimmed.lowerBound + 1)..<(trimmed.upperBound - 1)
                return WrittenValue(raw: trimmed, editable: inner, text: unescape(line.chars[inner]), kind: .quoted)
            }
            let text = line.string(trimmed)
            let lower = text.lowercased()
            if lower.hasPrefix("dword:") {
                let digits = (trimmed.lowerBound + 6)..<trimmed.upperBound
                let digitText = line.string(digits)
                let meaning = HexNumber.parse(digitText).map(String.init) ?? digitText
                return WrittenValue(raw: trimmed, editable: digits, text: meaning, kind: .dword(digits: digitText))
            }
            if lower.hasPrefix("hex"), let colon = chars.firstIndex(of: 0x3A) {
                return WrittenValue(raw: trimmed, editable: trimmed, text: decodeBytes(chars[(colon + 1)...]), kind: .bytes)
            }
            return WrittenValue(raw: trimmed, editable: trimmed, text: text, kind: .bare)
        }
    }

    /// The text that replaces `editable` to make this value mean `newValue`, and the range it
    /// replaces (regedit: a number into a string or bytes value replaces the whole value).
    func replacement(with newValue: String, format: ValueFormat) -> (range: Range<Int>, text: String) {
        guard format == .registry else { return (editable, newValue) }
        switch kind {
        case .dword(let digits):
            if let number = Int(newValue) { return (editable, HexNumber.format(number, like: digits)) }
            return (raw, WrittenValue.format(newValue, as: .registry))
        case .quoted:
            return (editable, escape(newValue))
        case .bare, .bytes:
            return (raw, WrittenValue.format(newValue, as: .registry))
        }
    }

    /// A value for an inserted line: plain as is; regedit numbers as `dword:` with 8 digits,
    /// other text as a quoted string.
    static func format(_ value: String, as format: ValueFormat) -> String {
        guard format == .registry else { return value }
        if let number = Int(value), number >= 0 { return "dword:" + HexNumber.format(number, like: "00000000") }
        return "\"" + escape(value) + "\""
    }

    private static func trim(_ range: Range<Int>, in chars: ArraySlice<UInt8>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, chars[lower] == 0x20 || chars[lower] == 0x09 { lower += 1 }
        while upper > lower, chars[upper - 1] == 0x20 || chars[upper - 1] == 0x09 { upper -= 1 }
        return lower..<upper
    }

    /// Backslash escapes (`\"`, `\\`) as msmtp and regedit write them.
    private static func unescape(_ chars: ArraySlice<UInt8>) -> String {
        guard chars.contains(0x5C) else { return String(decoding: chars, as: UTF8.self) }
        var result: [UInt8] = []
        var escaped = false
        for char in chars {
            if escaped || char != 0x5C {
                result.append(char)
                escaped = false
            } else {
                escaped = true
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    private static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar == "\\" || scalar == "\"" { result.unicodeScalars.append("\\") }
            result.unicodeScalars.append(scalar)
        }
        return result
    }

    private func escape(_ text: String) -> String { WrittenValue.escape(text) }

    /// `73,00,6d,00,...` as text: UTF-16LE when every second byte is zero (how Outlook keeps
    /// strings in REG_BINARY), else one byte per character; trailing NULs dropped. An item
    /// that is not a hex byte (after blanks are dropped) makes the whole value unreadable ("").
    private static func decodeBytes(_ list: ArraySlice<UInt8>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(list.count / 3 + 1)
        var value = 0, digits = 0
        // One pass: digits accumulate, a comma (or the end) closes an item, blanks are skipped.
        func close() -> Bool {
            defer { value = 0; digits = 0 }
            guard digits > 0 else { return true }
            guard value <= 0xFF else { return false }
            bytes.append(UInt8(value))
            return true
        }
        for byte in list {
            switch byte {
            case 0x30...0x39: value = value &* 16 &+ Int(byte - 0x30); digits += 1
            case 0x41...0x46, 0x61...0x66: value = value &* 16 &+ Int((byte | 0x20) - 0x61 + 10); digits += 1
            case 0x2C: guard close() else { return "" }
            case 0x20, 0x09...0x0D: continue
            default: return "" // a sign, a letter or a non-ASCII character: not a hex byte
            }
            if value > 0xFF { value = 0x100 }  // stays too large without overflowing
        }
        guard close() else { return "" }
        while bytes.last == 0 { bytes.removeLast() }
        let oddBytesAreZero = stride(from: 1, to: bytes.count, by: 2).allSatisfy { bytes[$0] == 0 }
        if bytes.count > 1, oddBytesAreZero {
            if bytes.count % 2 == 1 { bytes.append(0) }
            return TextEncoding.utf16LE.decode(bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
