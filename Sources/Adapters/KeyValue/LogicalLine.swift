import MailTLSCore

/// A line as the format sees it: one physical line, or several joined where a line ends in
/// the profile's continuation marker (regedit's `\` after `hex:` bytes). Every character keeps
/// its index in the `TextFile`, so edits still name exact bytes.
struct LogicalLine: Sendable {
    /// 1-based number of the first physical line (for error messages).
    let number: Int
    /// Index in `TextFile.lines` of the last physical line (where an inserted line goes after).
    let lastPhysical: Int
    let chars: [Unicode.Scalar]
    /// `scalarIndex[i]` is the `TextFile` scalar index of `chars[i]`.
    let scalarIndex: [Int]
    /// Byte offset just after the last character (the end of the content of the last line).
    let endOffset: Int

    /// The characters as a `String`, made once: every pattern matches against it.
    let text: String

    init(number: Int, lastPhysical: Int, chars: [Unicode.Scalar], scalarIndex: [Int], endOffset: Int) {
        self.number = number
        self.lastPhysical = lastPhysical
        self.chars = chars
        self.scalarIndex = scalarIndex
        self.endOffset = endOffset
        self.text = String(String.UnicodeScalarView(chars))
    }

    func string(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(chars[range])) }

    /// The leading blanks.
    var indentation: String {
        string(0..<(chars.firstIndex { $0 != " " && $0 != "\t" } ?? chars.count))
    }

    /// Byte range of the characters `range` (may span a continuation when not `isContiguous`).
    func bytes(_ range: Range<Int>, in file: TextFile) -> Range<Int> {
        let start = range.lowerBound < chars.count ? file.offsets[scalarIndex[range.lowerBound]] : endOffset
        guard !range.isEmpty else { return start..<start }
        return start..<file.offsets[scalarIndex[range.upperBound - 1] + 1]
    }

    /// Whether the characters `range` sit next to each other in the file (no line break
    /// between them), so that replacing their bytes replaces exactly them.
    func isContiguous(_ range: Range<Int>) -> Bool {
        range.count < 2 || scalarIndex[range.upperBound - 1] - scalarIndex[range.lowerBound] == range.count - 1
    }

    /// Splits `file` into logical lines. A comment line never continues.
    static func split(_ file: TextFile, continuation: String?, isComment: ([Unicode.Scalar]) -> Bool) -> [LogicalLine] {
        let marker = Array((continuation ?? "").unicodeScalars)
        var result: [LogicalLine] = []
        var index = 0
        while index < file.lines.count {
            let first = file.lines[index]
            var chars: [Unicode.Scalar] = []
            var scalarIndex: [Int] = []
            var last = index
            while true {
                let line = file.lines[last]
                var range = line.range
                let continues = !marker.isEmpty && last + 1 < file.lines.count
                    && line.scalars.count >= marker.count && line.scalars.suffix(marker.count).elementsEqual(marker)
                    && !isComment(Array(line.scalars))
                if continues { range = range.lowerBound..<(range.upperBound - marker.count) }
                chars += file.scalars[range]
                scalarIndex += Array(range)
                guard continues else { break }
                last += 1
            }
            result.append(LogicalLine(number: first.number, lastPhysical: last, chars: chars,
                                      scalarIndex: scalarIndex, endOffset: file.lines[last].endOfContent))
            index = last + 1
        }
        return result
    }
}
