import MailTLSCore

/// Reads a file's lines into sections and settings with a profile's syntax.
struct KeyValueParser {
    let profile: Profile
    private let assignment: LinePattern
    private let headers: [LinePattern]
    private let fileHeader: LinePattern?

    init(profile: Profile) {
        self.profile = profile
        assignment = LinePattern(profile.syntax.assignment)
        headers = profile.sections.map { LinePattern($0.header) }
        fileHeader = profile.syntax.header.map { LinePattern($0.pattern) }
    }

    func parse(_ text: TextFile) throws(InputError) -> ParsedFile {
        let lines = LogicalLine.split(text, continuation: profile.syntax.continuation, isComment: isComment)
        var blocks: [Block] = []
        var blockByIdentity: [String: Int] = [:]
        var secrets: [Range<Int>] = []
        // The block that settings go to; nil before the first header and in ignored sections.
        var current: Int?

        for (index, line) in lines.enumerated() {
            if index == 0, let header = profile.syntax.header {
                guard fileHeader?.wholeMatch(line.text, groups: []) != nil else {
                    throw InputError(.unsupportedFormat, "line 1: the header line (\(header.description)) is missing")
                }
                continue
            }
            if line.chars.allSatisfy({ $0 == " " || $0 == "\t" }) || isComment(line.chars) { continue }

            if let (kindIndex, groups) = matchHeader(line) {
                let kind = profile.sections[kindIndex]
                guard kind.role != .ignore else {
                    current = nil
                    continue
                }
                let name = groups["name"].map(line.string)
                let identity = "\(kindIndex):\(name ?? "")"
                if let existing = blockByIdentity[identity] {
                    blocks[existing].headers.append(index)
                    current = existing
                    continue
                }
                let parents = try parentBlocks(groups["parents"].map(line.string), of: name ?? "", line: line, blocks: blocks)
                blocks.append(Block(kind: kindIndex, role: kind.role, name: name, headers: [index], settings: [], parents: parents))
                blockByIdentity[identity] = blocks.count - 1
                current = blocks.count - 1
                continue
            }

            guard let groups = assignment.wholeMatch(line.text, groups: ["key", "value"]), let keyRange = groups["key"] else {
                if hasUnterminatedQuote(line.chars) { throw .syntax(line: line.number, "unterminated string") }
                throw .syntax(line: line.number, "not a section header or a setting")
            }
            let setting = Setting(
                line: index, key: key(line, keyRange), keyRange: keyRange,
                value: groups["value"].map { WrittenValue.read($0, of: line, format: profile.syntax.values, quote: profile.syntax.quote) })
            if profile.isSecret(setting.key), let value = setting.value, !value.raw.isEmpty {
                secrets.append(line.bytes(value.raw, in: text))
            }
            if let current { blocks[current].settings.append(setting) }
        }
        return ParsedFile(text: text, lines: lines, blocks: blocks, secretRanges: secrets)
    }

    private func isComment(_ chars: [Unicode.Scalar]) -> Bool {
        let start = chars.firstIndex { $0 != " " && $0 != "\t" } ?? chars.count
        let rest = chars[start...]
        return profile.syntax.comments.contains { rest.starts(with: $0.unicodeScalars) }
    }

    private func matchHeader(_ line: LogicalLine) -> (Int, [String: Range<Int>])? {
        let text = line.text
        for (index, pattern) in headers.enumerated() {
            if let groups = pattern.wholeMatch(text, groups: ["name", "parents"]) { return (index, groups) }
        }
        return nil
    }

    /// The key without regedit's quotes and escapes.
    private func key(_ line: LogicalLine, _ range: Range<Int>) -> String {
        let chars = line.chars[range]
        guard profile.syntax.values == .registry, chars.count >= 2, chars.first == "\"", chars.last == "\"" else {
            return line.string(range).trimmingBlanks
        }
        return WrittenValue.read(range, of: line, format: .registry, quote: "\"").text
    }

    /// The blocks named in a header's `parents` group; each must be an account declared above.
    private func parentBlocks(_ list: String?, of name: String, line: LogicalLine, blocks: [Block]) throws(InputError) -> [Int] {
        guard let list else { return [] }
        var parents: [Int] = []
        for parent in list.split(separator: ",").map({ String($0).trimmingBlanks }) where !parent.isEmpty {
            guard let index = blocks.lastIndex(where: { $0.role == .account && $0.name == parent }) else {
                throw .syntax(line: line.number, "'\(name)' inherits from '\(parent)', which is not defined above it")
            }
            parents.append(index)
        }
        return parents
    }

    /// An odd number of unescaped quote characters: a string that never ends.
    private func hasUnterminatedQuote(_ chars: [Unicode.Scalar]) -> Bool {
        guard let quote = profile.syntax.values == .registry ? "\"" : profile.syntax.quote else { return false }
        var open = false, escaped = false
        for char in chars {
            if escaped { escaped = false } else if char == "\\" && open { escaped = true } else if char == quote { open.toggle() }
        }
        return open
    }
}
