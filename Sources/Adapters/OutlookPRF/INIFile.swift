import MailTLSCore

/// A PRF read as INI: sections of `key=value` lines, each key and value tied to its bytes.
/// Comments (`;`), blank lines and anything else stay in the file untouched; they are simply
/// not part of any key.
struct INIFile: Sendable {
    struct Key: Sendable {
        /// The key as written (case preserved).
        let name: String
        /// The value without surrounding blanks.
        let value: String
        let line: TextLine
        /// Scalar range of the value (trimmed) within the file.
        let valueRange: Range<Int>
        /// The text between key and value (`=`, ` = `), to copy in inserted lines.
        let separator: String
    }

    struct Section: Sendable {
        /// The name between the brackets, as written.
        let name: String
        let header: TextLine
        let keys: [Key]

        /// The first key of this name (PRF rule: the first of duplicates counts), ignoring case.
        func first(_ name: String) -> Key? {
            keys.first { ByteSearch.equalsIgnoringASCIICase($0.name, name) }
        }
    }

    let text: TextFile
    let sections: [Section]

    init(_ text: TextFile) {
        self.text = text
        var sections: [Section] = []
        var current: (name: String, header: TextLine, keys: [Key])?
        for line in text.lines {
            let content = line.trimmed(line.range)
            guard let first = content.first.map({ line.scalars[$0] }) else { continue }
            if first == "[", let close = line.firstIndex(of: "]", in: content) {
                if let current { sections.append(Section(name: current.name, header: current.header, keys: current.keys)) }
                current = (line.string(line.trimmed(content.lowerBound + 1..<close)), line, [])
            } else if first != ";", let equals = line.firstIndex(of: "=", in: content), current != nil {
                let nameRange = line.trimmed(content.lowerBound..<equals)
                let valueRange = line.trimmed(equals + 1..<line.range.upperBound)
                current!.keys.append(Key(
                    name: line.string(nameRange), value: line.string(valueRange), line: line, valueRange: valueRange,
                    separator: line.string(nameRange.upperBound..<max(valueRange.lowerBound, equals + 1))))
            }
        }
        if let current { sections.append(Section(name: current.name, header: current.header, keys: current.keys)) }
        self.sections = sections
    }

    func section(_ name: String) -> Section? {
        sections.first { ByteSearch.equalsIgnoringASCIICase($0.name, name) }
    }
}
