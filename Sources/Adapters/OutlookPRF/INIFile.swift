import MailTLSCore

/// A PRF read as INI: sections of `key=value` lines, each key and value tied to its bytes.
/// Comments (`;`), blank lines and anything else stay in the file untouched; they are simply
/// not part of any key. Read on the core's `UTF8View` (syntax is ASCII in every encoding; a
/// CP932 trail byte never reads as `[`, `]` or `=`), so only names and values become strings.
struct INIFile: Sendable {
    typealias Line = UTF8View.Line

    struct Key: Sendable {
        /// The key as written (case preserved).
        let name: String
        /// The value without surrounding blanks.
        let value: String
        let line: Line
        /// View range of the value (trimmed).
        let valueRange: Range<Int>
        /// The text between key and value (`=`, ` = `), to copy in inserted lines.
        let separator: String
    }

    struct Section: Sendable {
        /// The name between the brackets, as written.
        let name: String
        let header: Line
        let keys: [Key]

        /// The first key of this name (PRF rule: the first of duplicates counts), ignoring case.
        func first(_ name: String) -> Key? {
            keys.first { ByteSearch.equalsIgnoringASCIICase($0.name, name) }
        }
    }

    let encoding: TextEncoding
    let view: UTF8View
    let lines: [Line]
    let sections: [Section]

    /// Fails as `TextFile` does: an empty file, NUL, invalid UTF-8 or UTF-16.
    init(bytes: [UInt8], encoding: TextEncoding) throws(InputError) {
        self.encoding = encoding
        view = try UTF8View(file: bytes, encoding: encoding)
        let lines = view.lines()
        self.lines = lines
        sections = view.bytes.withUnsafeBufferPointer { b in
            func string(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: b[range]), as: UTF8.self) }
            func trimmed(_ range: Range<Int>) -> Range<Int> {
                var lower = range.lowerBound, upper = range.upperBound
                while lower < upper, b[lower] == 0x20 || b[lower] == 0x09 { lower += 1 }
                while upper > lower, b[upper - 1] == 0x20 || b[upper - 1] == 0x09 { upper -= 1 }
                return lower..<upper
            }
            func firstIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
                var i = range.lowerBound
                while i < range.upperBound { if b[i] == byte { return i }; i += 1 }
                return nil
            }
            var sections: [Section] = []
            var current: (name: String, header: Line, keys: [Key])?
            for line in lines {
                let content = trimmed(line.content)
                guard !content.isEmpty else { continue }
                let first = b[content.lowerBound]
                if first == 0x5B, let close = firstIndex(of: 0x5D, in: content) {
                    if let current { sections.append(Section(name: current.name, header: current.header, keys: current.keys)) }
                    current = (string(trimmed(content.lowerBound + 1..<close)), line, [])
                } else if first != 0x3B, current != nil, let equals = firstIndex(of: 0x3D, in: content) {
                    let nameRange = trimmed(content.lowerBound..<equals)
                    let valueRange = trimmed(equals + 1..<line.content.upperBound)
                    current!.keys.append(Key(
                        name: string(nameRange), value: string(valueRange), line: line, valueRange: valueRange,
                        separator: string(nameRange.upperBound..<max(valueRange.lowerBound, equals + 1))))
                }
            }
            if let current { sections.append(Section(name: current.name, header: current.header, keys: current.keys)) }
            return sections
        }
    }

    func section(_ name: String) -> Section? {
        sections.first { ByteSearch.equalsIgnoringASCIICase($0.name, name) }
    }

    /// The file byte range of the view range `range`.
    func fileRange(_ range: Range<Int>) -> Range<Int> { view.fileRange(range) }

    /// The leading blanks of `line` (to copy the indentation of an inserted line).
    func indentation(of line: Line) -> String {
        var end = line.content.lowerBound
        while end < line.content.upperBound, view.bytes[end] == 0x20 || view.bytes[end] == 0x09 { end += 1 }
        return String(decoding: view.bytes[line.content.lowerBound..<end], as: UTF8.self)
    }
}
