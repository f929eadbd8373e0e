import MailTLSCore

/// Reads a file with git's config grammar (the profile's `"grammar": "gitconfig"`), the way
/// `git config` does: `#`/`;` comments outside quotes, `[section]`, `[section "sub"]` and the
/// old `[section.sub]` (lower-cased), keys followed by `= value` or alone (true), values with
/// quotes anywhere, the escapes `\"` `\\` `\n` `\t` `\b`, a backslash at the end of a line
/// continuing it, trailing blanks outside quotes dropped, CRLF read as LF. Every file
/// `git config -f FILE --list` accepts is read; section headers are then matched against the
/// profile's section patterns in their canonical form `[section]` / `[section "sub"]`.
struct GitConfigReader {
    let profile: Profile

    /// One `[...]` header or `key = value` statement, with its view positions.
    private struct Statement {
        enum Kind {
            case header(section: String, subsection: String?)
            case setting(key: String, keyRange: Range<Int>, value: WrittenValue?)
        }
        let kind: Kind
        /// Index in `ByteText.lines` of the first and last physical line it covers.
        let firstLine: Int
        let lastLine: Int
    }

    func parse(_ text: ByteText) throws(InputError) -> ParsedFile {
        var lexer = Lexer(text: text)
        let statements = try lexer.statements()
        var lines: [LogicalLine] = []
        var blocks: [Block] = []
        var blockByIdentity: [String: Int] = [:]
        var secrets: [Range<Int>] = []
        var notes: [String] = []
        var current: Int?
        var section = ""
        let nameSlots = profile.sections.map { $0.header?.slot("name") }
        var scratch = MatchScratch()

        for statement in statements {
            let first = text.lines[statement.firstLine], last = text.lines[statement.lastLine]
            let line = LogicalLine(number: first.number, lastPhysical: statement.lastLine,
                                   chars: text.bytes[first.content.lowerBound..<last.content.upperBound], end: last.content.upperBound)
            let index = lines.count
            lines.append(line)
            switch statement.kind {
            case .header(let name, let subsection):
                section = name
                let canonical = "[" + name + (subsection.map { " \"" + $0 + "\"" } ?? "") + "]"
                current = nil
                let bytes = Array(canonical.utf8)
                for (kindIndex, kind) in profile.sections.enumerated() {
                    guard let header = kind.header else { continue }
                    let matched: Bool
                    do {
                        matched = try bytes.withUnsafeBufferPointer { (buffer) throws(PatternBudgetExceeded) in try header.wholeMatch(buffer, &scratch) }
                    } catch {
                        throw .syntax(line: line.number, "too complex for the profile's patterns")
                    }
                    guard matched else { continue }
                    let captures = scratch.captures
                    guard kind.role != .ignore else { break }
                    var blockName: String?
                    if let slot = nameSlots[kindIndex], captures[2 * slot] >= 0 {
                        blockName = String(decoding: bytes[captures[2 * slot]..<captures[2 * slot + 1]], as: UTF8.self)
                    }
                    let identity = "\(kindIndex):\(blockName ?? "")"
                    if let existing = blockByIdentity[identity] {
                        blocks[existing].headers.append(index)
                        current = existing
                    } else {
                        blocks.append(Block(kind: kindIndex, role: kind.role, name: blockName, title: canonical,
                                            headers: [index], settings: [], parents: []))
                        blockByIdentity[identity] = blocks.count - 1
                        current = blocks.count - 1
                    }
                    break
                }
            case .setting(let key, let keyRange, let value):
                let setting = Setting(line: index, key: key, keyRange: keyRange, value: value)
                if let value, !value.raw.isEmpty, profile.isSecret(key) { secrets.append(text.fileRange(value.raw)) }
                if section == "include" || section == "includeif", setting.lookupKey == "path", let value {
                    notes.append("line \(line.number): included file '\(value.text)' is not read: settings there are not converted")
                }
                if let current { blocks[current].settings.append(setting) }
            }
        }
        return ParsedFile(text: text, lines: lines, blocks: blocks, secretRanges: secrets, notes: notes)
    }

    /// git's tokenizer over the view's bytes.
    private struct Lexer {
        let text: ByteText
        let bytes: [UInt8]
        var pos = 0
        /// Index in `text.lines` of the line holding `pos`.
        var lineIndex = 0

        init(text: ByteText) {
            self.text = text
            self.bytes = text.bytes
        }

        /// The next character, CRLF read as LF, end of file read as LF (nil).
        private mutating func next() -> UInt8? {
            guard pos < bytes.count else { return nil }
            let c = bytes[pos]
            pos += 1
            if c == 0x0D, pos < bytes.count, bytes[pos] == 0x0A { pos += 1; return 0x0A }
            return c
        }

        private mutating func lineNumber() -> Int { text.lines.isEmpty ? 1 : text.lines[currentLine(max(0, pos - 1))].number }

        /// The physical line holding view index `position` (lines only move forward).
        private mutating func currentLine(_ position: Int) -> Int {
            while lineIndex + 1 < text.lines.count, text.lines[lineIndex].next <= position { lineIndex += 1 }
            return lineIndex
        }

        private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
        private static func isAlpha(_ c: UInt8) -> Bool { (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) }
        private static func isKeyChar(_ c: UInt8) -> Bool { isAlpha(c) || (0x30...0x39).contains(c) || c == 0x2D }

        mutating func statements() throws(InputError) -> [Statement] {
            var result: [Statement] = []
            var comment = false
            while true {
                let start = pos
                guard let c = next() else { return result }
                if c == 0x0A { comment = false; continue }
                if comment { continue }
                if Self.isSpace(c) { continue }
                if c == 0x23 || c == 0x3B { comment = true; continue }
                let first = currentLine(start)
                if c == 0x5B {
                    guard let (section, subsection) = header() else {
                        throw .syntax(line: text.lines[first].number, "not a section header or a setting")
                    }
                    result.append(Statement(kind: .header(section: section, subsection: subsection), firstLine: first, lastLine: currentLine(pos - 1)))
                    continue
                }
                guard Self.isAlpha(c) else { throw .syntax(line: text.lines[first].number, "not a section header or a setting") }
                while pos < bytes.count, Self.isKeyChar(bytes[pos]) { pos += 1 }
                let keyRange = start..<pos
                let key = String(decoding: bytes[keyRange], as: UTF8.self)
                while pos < bytes.count, bytes[pos] == 0x20 || bytes[pos] == 0x09 { pos += 1 }
                let after = next()
                var value: WrittenValue?
                if let after, after != 0x0A {
                    guard after == 0x3D else {
                        throw .syntax(line: text.lines[first].number, "'\(key)' is followed by '\(String(decoding: [after], as: UTF8.self))', not '=' or the end of the line")
                    }
                    value = try self.value()
                }
                // The statement ends on the line of its last character (before the newline).
                let end = max(start, pos - 1)
                result.append(Statement(kind: .setting(key: key, keyRange: keyRange, value: value), firstLine: first, lastLine: currentLine(end)))
            }
        }

        /// `[name]`, `[name "sub"]` or `[name.sub]` after the `[`; nil when malformed.
        private mutating func header() -> (String, String?)? {
            var name: [UInt8] = []
            while true {
                guard let c = next(), c != 0x0A else { return nil }
                if c == 0x5D {
                    guard !name.isEmpty else { return nil }
                    let lower = String(decoding: name, as: UTF8.self).lowercased()
                    guard let dot = lower.firstIndex(of: ".") else { return (lower, nil) }
                    return (String(lower[..<dot]), String(lower[lower.index(after: dot)...]))
                }
                if Self.isSpace(c) {
                    var d = c
                    while Self.isSpace(d) {
                        guard d != 0x0A, let following = next() else { return nil }
                        d = following
                    }
                    guard d == 0x22 else { return nil }
                    var sub: [UInt8] = []
                    while true {
                        guard var e = next(), e != 0x0A else { return nil }
                        if e == 0x22 { break }
                        if e == 0x5C {
                            guard let escaped = next(), escaped != 0x0A else { return nil }
                            e = escaped
                        }
                        sub.append(e)
                    }
                    guard next() == 0x5D, !name.isEmpty else { return nil }
                    return (String(decoding: name, as: UTF8.self).lowercased(), String(decoding: sub, as: UTF8.self))
                }
                guard Self.isKeyChar(c) || c == 0x2E else { return nil }
                name.append(c)
            }
        }

        /// The value after `=`: git's meaning, where it is written, and which part an edit
        /// may replace (the text inside one pair of quotes, or a bare run; else all of it).
        private mutating func value() throws(InputError) -> WrittenValue {
            var decoded: [UInt8] = []
            var trimLength = 0
            var quote = false, comment = false
            var rawStart: Int?, rawEnd = pos
            var quotes = 0, escapes = 0
            while true {
                let at = pos
                let c = next()
                if c == nil || c == 0x0A {
                    if quote { throw .syntax(line: text.lines[currentLine(max(0, at - 1))].number, "unterminated string") }
                    if trimLength > 0 { decoded.removeSubrange(trimLength...) }
                    break
                }
                let char = c!
                if comment { continue }
                if Self.isSpace(char), !quote {
                    if trimLength == 0 { trimLength = decoded.count }
                    if !decoded.isEmpty { decoded.append(char) }
                    continue
                }
                if !quote, char == 0x3B || char == 0x23 {
                    comment = true
                    continue
                }
                trimLength = 0
                if rawStart == nil { rawStart = at }
                if char == 0x5C {
                    escapes += 1
                    guard let escaped = next() else { rawEnd = pos; break }
                    switch escaped {
                    case 0x0A: continue
                    case 0x74: decoded.append(0x09)
                    case 0x62: decoded.append(0x08)
                    case 0x6E: decoded.append(0x0A)
                    case 0x5C, 0x22: decoded.append(escaped)
                    default:
                        throw .syntax(line: lineNumber(), "unknown escape '\\\(String(decoding: [escaped], as: UTF8.self))' in a value")
                    }
                    rawEnd = pos
                    continue
                }
                if char == 0x22 {
                    quote.toggle()
                    quotes += 1
                } else {
                    decoded.append(char)
                }
                rawEnd = pos
            }
            let raw = (rawStart ?? rawEnd)..<max(rawStart ?? rawEnd, rawEnd)
            let meaning = String(decoding: decoded, as: UTF8.self)
            if escapes == 0, quotes == 2, raw.count >= 2, bytes[raw.lowerBound] == 0x22, bytes[raw.upperBound - 1] == 0x22 {
                return WrittenValue(raw: raw, editable: (raw.lowerBound + 1)..<(raw.upperBound - 1), text: meaning, kind: .quoted)
            }
            return WrittenValue(raw: raw, editable: raw, text: meaning, kind: .bare)
        }
    }
}
