import MailTLSCore

/// A line as the format sees it: one physical line, or several joined where a line ends in
/// the profile's continuation marker (regedit's `\` after `hex:` bytes). Positions are view
/// indices of the `ByteText`; a joined line keeps a map from its own bytes to them, so edits
/// still name exact bytes.
struct LogicalLine: Sendable {
    /// 1-based number of the first physical line (for error messages).
    let number: Int
    /// Index in `ByteText.lines` of the last physical line (where an inserted line goes after).
    let lastPhysical: Int
    /// The line's bytes. Indices are view indices, except for a joined line, whose bytes are
    /// a copy indexed from 0 and mapped by `joinedIndex`.
    let chars: ArraySlice<UInt8>
    private let joinedIndex: [Int]?
    /// View index just after the last character (the end of the content of the last line).
    let end: Int

    init(number: Int, lastPhysical: Int, chars: ArraySlice<UInt8>, joinedIndex: [Int]? = nil, end: Int) {
        self.number = number
        self.lastPhysical = lastPhysical
        self.chars = chars
        self.joinedIndex = joinedIndex
        self.end = end
    }

    var range: Range<Int> { chars.startIndex..<chars.endIndex }

    func string(_ range: Range<Int>) -> String { String(decoding: chars[range], as: UTF8.self) }

    /// The leading blanks.
    var indentation: String {
        string(chars.startIndex..<(chars.firstIndex { $0 != 0x20 && $0 != 0x09 } ?? chars.endIndex))
    }

    /// View range of the characters `range`.
    func viewRange(_ range: Range<Int>) -> Range<Int> {
        guard let map = joinedIndex else { return range }
        let start = range.lowerBound < chars.endIndex ? map[range.lowerBound] : end
        guard !range.isEmpty else { return start..<start }
        return start..<(map[range.upperBound - 1] + 1)
    }

    /// File byte range of the characters `range`.
    func bytes(_ range: Range<Int>, in text: ByteText) -> Range<Int> { text.fileRange(viewRange(range)) }

    /// Whether the characters `range` sit next to each other in the file (no line break
    /// between them), so that replacing their bytes replaces exactly them.
    func isContiguous(_ range: Range<Int>) -> Bool {
        if let map = joinedIndex {
            return range.count < 2 || map[range.upperBound - 1] - map[range.lowerBound] == range.count - 1
        }
        return !chars[range].contains { $0 == 0x0A || $0 == 0x0D }
    }

    /// Runs `body` on the line's bytes (positions from 0; add `chars.startIndex` for indices).
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws(PatternBudgetExceeded) -> R) throws(PatternBudgetExceeded) -> R {
        var result: Result<R, PatternBudgetExceeded>!
        chars.withUnsafeBufferPointer { buffer in
            result = Result { () throws(PatternBudgetExceeded) -> R in try body(buffer) }
        }
        return try result.get()
    }

    /// Splits `text` into logical lines. A comment line never continues. With
    /// `indentContinues`, a line that starts with a blank continues the line before it, over
    /// blank and comment lines (which are then no logical lines of their own), as Postfix reads
    /// `main.cf`.
    static func split(_ text: ByteText, continuation: [UInt8], indentContinues: Bool = false, isComment: (ArraySlice<UInt8>) -> Bool) -> [LogicalLine] {
        if indentContinues { return splitIndented(text, isComment: isComment) }
        var result: [LogicalLine] = []
        result.reserveCapacity(text.lines.count)
        var index = 0
        let lines = text.lines
        while index < lines.count {
            let first = lines[index]
            guard !continuation.isEmpty, continues(first, index, text, continuation, isComment) else {
                result.append(LogicalLine(number: first.number, lastPhysical: index, chars: text.bytes[first.content], end: first.content.upperBound))
                index += 1
                continue
            }
            var chars: [UInt8] = []
            var map: [Int] = []
            var last = index
            while true {
                let line = lines[last]
                let more = continues(line, last, text, continuation, isComment)
                let range = more ? line.content.lowerBound..<(line.content.upperBound - continuation.count) : line.content
                chars += text.bytes[range]
                map += Array(range)
                guard more else { break }
                last += 1
            }
            result.append(LogicalLine(number: first.number, lastPhysical: last, chars: chars[...], joinedIndex: map, end: lines[last].content.upperBound))
            index = last + 1
        }
        return result
    }

    private static func continues(_ line: ByteText.Line, _ index: Int, _ text: ByteText, _ marker: [UInt8], _ isComment: (ArraySlice<UInt8>) -> Bool) -> Bool {
        let content = text.bytes[line.content]
        return index + 1 < text.lines.count && content.count >= marker.count && content.suffix(marker.count).elementsEqual(marker)
            && !isComment(content)
    }

    private static func splitIndented(_ text: ByteText, isComment: (ArraySlice<UInt8>) -> Bool) -> [LogicalLine] {
        let lines = text.lines
        func isBlank(_ index: Int) -> Bool { text.bytes[lines[index].content].allSatisfy { $0 == 0x20 || $0 == 0x09 } }
        func isSkipped(_ index: Int) -> Bool { isBlank(index) || isComment(text.bytes[lines[index].content]) }
        func isIndented(_ index: Int) -> Bool {
            let content = text.bytes[lines[index].content]
            return (content.first == 0x20 || content.first == 0x09) && !isSkipped(index)
        }
        var result: [LogicalLine] = []
        result.reserveCapacity(lines.count)
        var index = 0
        while index < lines.count {
            let first = lines[index]
            var parts = [index]
            if !isSkipped(index) {
                var next = index + 1
                while next < lines.count {
                    var probe = next
                    while probe < lines.count, isSkipped(probe) { probe += 1 }
                    guard probe < lines.count, isIndented(probe) else { break }
                    parts.append(probe)
                    next = probe + 1
                }
            }
            guard parts.count > 1 else {
                result.append(LogicalLine(number: first.number, lastPhysical: index, chars: text.bytes[first.content], end: first.content.upperBound))
                index += 1
                continue
            }
            var chars: [UInt8] = []
            var map: [Int] = []
            for part in parts {
                chars += text.bytes[lines[part].content]
                map += Array(lines[part].content)
            }
            let last = parts[parts.count - 1]
            result.append(LogicalLine(number: first.number, lastPhysical: last, chars: chars[...], joinedIndex: map, end: lines[last].content.upperBound))
            index = last + 1
        }
        return result
    }
}
