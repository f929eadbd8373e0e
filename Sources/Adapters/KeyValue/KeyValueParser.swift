import MailTLSCore

/// Reads a file's lines into sections and settings with a profile's patterns (the `lines`
/// grammar; `GitConfigReader` reads the `gitconfig` one).
struct KeyValueParser {
    let profile: Profile

    func parse(_ text: ByteText) throws(InputError) -> ParsedFile {
        if profile.syntax.grammar == .gitconfig { return try GitConfigReader(profile: profile).parse(text) }
        let syntax = profile.syntax
        guard let assignment = syntax.assignment else { throw InputError(.invalidValue, "profile \(profile.source): no assignment pattern") }
        let lines = LogicalLine.split(text, continuation: syntax.continuation, isComment: isComment)
        let keySlot = assignment.slot("key"), valueSlot = assignment.slot("value")
        let headerSlots = profile.sections.map { ($0.header.slot("name"), $0.header.slot("parents")) }
        var blocks: [Block] = []
        var blockByIdentity: [String: Int] = [:]
        var secrets: [Range<Int>] = []
        var scratch = MatchScratch()
        // The block that settings go to; nil before the first header and in ignored sections.
        var current: Int?
        // `[group]` before each key in a section of role file (`QualifiedKey`), else empty.
        var group = ""

        for (index, line) in lines.enumerated() {
            if index == 0, let header = syntax.header {
                guard try match(header.pattern, line, &scratch) != nil else {
                    throw InputError(.unsupportedFormat, "line 1: the header line (\(header.description)) is missing")
                }
                continue
            }
            if line.chars.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) || isComment(line.chars) { continue }

            if let (kindIndex, captures) = try matchHeader(line, &scratch) {
                let kind = profile.sections[kindIndex]
                guard kind.role != .ignore else {
                    current = nil
                    continue
                }
                let name = Self.group(captures, headerSlots[kindIndex].0, line).map(line.string)
                group = kind.role == .file ? "[\(name ?? "")]" : ""
                // All groups of role file are one block: the file's one account.
                let identity = kind.role == .file ? "file" : "\(kindIndex):\(name ?? "")"
                if let existing = blockByIdentity[identity] {
                    blocks[existing].headers.append(index)
                    if !group.isEmpty, blocks[existing].groups[group.lowercased()] == nil {
                        blocks[existing].groups[group.lowercased()] = index
                    }
                    current = existing
                    continue
                }
                let parentList = Self.group(captures, headerSlots[kindIndex].1, line).map(line.string)
                let parents = try parentBlocks(parentList, of: name ?? "", line: line, blocks: blocks)
                blocks.append(Block(kind: kindIndex, role: kind.role, name: kind.role == .file ? nil : name,
                                    title: line.string(line.range).trimmingBlanks, headers: [index], settings: [], parents: parents,
                                    groups: group.isEmpty ? [:] : [group.lowercased(): index]))
                blockByIdentity[identity] = blocks.count - 1
                current = blocks.count - 1
                continue
            }

            guard let captures = try match(assignment, line, &scratch), let keyRange = Self.group(captures, keySlot, line) else {
                if hasUnterminatedQuote(line.chars) { throw .syntax(line: line.number, "unterminated string") }
                throw .syntax(line: line.number, "not a section header or a setting")
            }
            let plainKey = key(line, keyRange)
            let setting = Setting(
                line: index, key: group + plainKey, keyRange: keyRange,
                value: Self.group(captures, valueSlot, line).map { WrittenValue.read($0, of: line, format: syntax.values, quote: syntax.quote) })
            if let value = setting.value, !value.raw.isEmpty, profile.isSecret(plainKey) || profile.isSecret(setting.key) {
                secrets.append(line.bytes(value.raw, in: text))
            }
            if let current { blocks[current].settings.append(setting) }
        }
        return ParsedFile(text: text, lines: lines, blocks: blocks, secretRanges: secrets)
    }

    private func match(_ pattern: LinePattern, _ line: LogicalLine, _ scratch: inout MatchScratch) throws(InputError) -> [Int]? {
        do {
            let matched = try line.withBytes { (bytes) throws(PatternBudgetExceeded) in try pattern.wholeMatch(bytes, &scratch) }
            return matched ? scratch.captures : nil
        } catch {
            throw .syntax(line: line.number, "too complex for the profile's patterns")
        }
    }

    /// Line range of capture group `slot`, if it took part.
    static func group(_ captures: [Int], _ slot: Int?, _ line: LogicalLine) -> Range<Int>? {
        guard let slot, captures[2 * slot] >= 0, captures[2 * slot + 1] >= captures[2 * slot] else { return nil }
        return (line.chars.startIndex + captures[2 * slot])..<(line.chars.startIndex + captures[2 * slot + 1])
    }

    private func isComment(_ chars: ArraySlice<UInt8>) -> Bool {
        guard !profile.syntax.comments.isEmpty else { return false }
        let start = chars.firstIndex { $0 != 0x20 && $0 != 0x09 } ?? chars.endIndex
        let rest = chars[start...]
        return profile.syntax.comments.contains { rest.starts(with: $0) }
    }

    private func matchHeader(_ line: LogicalLine, _ scratch: inout MatchScratch) throws(InputError) -> (Int, [Int])? {
        for index in profile.sections.indices {
            if let captures = try match(profile.sections[index].header, line, &scratch) { return (index, captures) }
        }
        return nil
    }

    /// The key without regedit's quotes and escapes.
    private func key(_ line: LogicalLine, _ range: Range<Int>) -> String {
        let chars = line.chars[range]
        guard profile.syntax.values == .registry, chars.count >= 2, chars.first == 0x22, chars.last == 0x22 else {
            return line.string(range).trimmingBlanks
        }
        return WrittenValue.read(range, of: line, format: .registry, quote: 0x22).text
    }

    /// The blocks named in a header's `parents` group; each must be an account declared above.
    private func parentBlocks(_ list: String?, of name: String, line: LogicalLine, blocks: [Block]) throws(InputError) -> [Int] {
        guard let list else { return [] }
        var parents: [Int] = []
        for parent in list.split(separator: ",").map({ String($0).trimmingBlanks }) where !parent.isEmpty {
            guard let index = blocks.lastIndex(where: { $0.role.isAccount && $0.name == parent }) else {
                throw .syntax(line: line.number, "'\(name)' inherits from '\(parent)', which is not defined above it")
            }
            parents.append(index)
        }
        return parents
    }

    /// An odd number of unescaped quote characters: a string that never ends.
    private func hasUnterminatedQuote(_ chars: ArraySlice<UInt8>) -> Bool {
        guard let quote = profile.syntax.values == .registry ? 0x22 : profile.syntax.quote else { return false }
        var open = false, escaped = false
        for char in chars {
            if escaped { escaped = false } else if char == 0x5C && open { escaped = true } else if char == quote { open.toggle() }
        }
        return open
    }
}
