import MailTLSCore

/// Reads a file's lines into sections and settings with a profile's patterns (the `lines`
/// grammar; `GitConfigReader` reads the `gitconfig` one).
struct KeyValueParser {
    let profile: Profile

    func parse(_ text: ByteText) throws(InputError) -> ParsedFile {
        if profile.syntax.grammar == .gitconfig { return try GitConfigReader(profile: profile).parse(text) }
        let syntax = profile.syntax
        let lines = LogicalLine.split(text, continuation: syntax.continuation, indentContinues: syntax.indentContinues, isComment: isComment)
        let assignmentSlots = syntax.assignments.map { ($0.slot("key"), $0.slot("value")) }
        let headerSlots = profile.sections.map { ($0.header?.slot("name"), $0.header?.slot("parents")) }
        var blocks: [Block] = []
        var blockByIdentity: [String: Int] = [:]
        var secrets: [Range<Int>] = []
        var scratch = MatchScratch()
        // The block that settings go to; nil before the first header and in ignored sections.
        var current: Int?
        // `[group]` before each key in a section of role file (`QualifiedKey`), else empty.
        var group = ""
        if let top = profile.sections.firstIndex(where: \.topOfFile) {
            let kind = profile.sections[top]
            blocks.append(Block(kind: top, role: kind.role, name: nil, title: kind.kind, headers: [], settings: [], parents: []))
            current = kind.role == .ignore ? nil : 0
        }

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
                // A header line that carries settings is an entry of its own (each nullmailer
                // remote, each relay action), even where two look alike.
                let carriesSettings = kind.header?.groupNames.contains { $0 != "name" && $0 != "parents" } ?? false
                if !carriesSettings, let existing = blockByIdentity[identity] {
                    blocks[existing].headers.append(index)
                    if !group.isEmpty, blocks[existing].groups[group.lowercased()] == nil {
                        blocks[existing].groups[group.lowercased()] = index
                    }
                    current = existing
                } else {
                    let parentList = Self.group(captures, headerSlots[kindIndex].1, line).map(line.string)
                    let parents = try parentBlocks(parentList, of: name ?? "", line: line, blocks: blocks)
                    var block = Block(kind: kindIndex, role: kind.role, name: kind.role == .file ? nil : name,
                                      title: line.string(line.range).trimmingBlanks, headers: [index], settings: [], parents: parents)
                    if !group.isEmpty { block.groups = [group.lowercased(): index] }
                    blocks.append(block)
                    blockByIdentity[identity] = blocks.count - 1
                    current = blocks.count - 1
                }
                if let header = kind.header, let block = current {
                    let (settings, flagsEnd) = headerSettings(header, captures, line: line, index: index)
                    for setting in settings { noteSecrets(setting, line, text, &secrets) }
                    blocks[block].settings += settings
                    if let flagsEnd { blocks[block].flagsEnd = (index, flagsEnd) }
                }
                continue
            }

            var setting: Setting?
            for (pattern, (keySlot, valueSlot)) in zip(syntax.assignments, assignmentSlots) {
                guard let captures = try match(pattern, line, &scratch), let keyRange = Self.group(captures, keySlot, line) else { continue }
                setting = Setting(
                    line: index, key: group + key(line, keyRange), keyRange: keyRange,
                    value: Self.group(captures, valueSlot, line).map { WrittenValue.read($0, of: line, format: syntax.values, quotes: syntax.quotes) })
                break
            }
            guard let setting else {
                if syntax.otherLines == .ignore { continue }
                if hasUnterminatedQuote(line.chars) { throw .syntax(line: line.number, "unterminated string") }
                throw .syntax(line: line.number, "not a section header or a setting")
            }
            noteSecrets(setting, line, text, &secrets)
            if let current { blocks[current].settings.append(setting) }
        }
        return ParsedFile(text: text, lines: lines, blocks: blocks, secretRanges: secrets)
    }

    /// The settings a header line carries: each named group other than `name`, `parents` and
    /// `flags` (key = the group's name), and each `--key[=value]` word of the `flags` group;
    /// and where the flags end (new flags are appended there).
    private func headerSettings(_ header: LinePattern, _ captures: [Int], line: LogicalLine, index: Int) -> ([Setting], Int?) {
        var settings: [Setting] = []
        for name in header.groupNames.sorted() where !["name", "parents", "flags"].contains(name) {
            guard let range = Self.group(captures, header.slot(name), line) else { continue }
            let value = WrittenValue.read(range, of: line, format: profile.syntax.values, quotes: profile.syntax.quotes)
            settings.append(Setting(line: index, key: name, keyRange: value.raw.lowerBound..<value.raw.lowerBound, value: value))
        }
        guard let flags = Self.group(captures, header.slot("flags"), line) else { return (settings, nil) }
        var cursor = flags.lowerBound
        var end = flags.lowerBound
        while cursor < flags.upperBound {
            while cursor < flags.upperBound, line.chars[cursor] == 0x20 || line.chars[cursor] == 0x09 { cursor += 1 }
            let start = cursor
            while cursor < flags.upperBound, line.chars[cursor] != 0x20, line.chars[cursor] != 0x09 { cursor += 1 }
            guard start < cursor else { break }
            end = cursor
            guard line.chars[start] == 0x2D else { continue }
            let equals = (start..<cursor).first { line.chars[$0] == 0x3D }
            let keyRange = start..<(equals ?? cursor)
            let value = equals.map { WrittenValue.read(($0 + 1)..<cursor, of: line, format: .plain, quotes: profile.syntax.quotes) }
            settings.append(Setting(line: index, key: line.string(keyRange), keyRange: keyRange, value: value))
        }
        return (settings, end)
    }

    /// Secret values (by key), and the password of an endpoint's user part (`user:password@`).
    private func noteSecrets(_ setting: Setting, _ line: LogicalLine, _ text: ByteText, _ secrets: inout [Range<Int>]) {
        guard let value = setting.value, !value.raw.isEmpty else { return }
        // A key of a file-wide account is secret under its plain name or as `[group]key`.
        if profile.isSecret(setting.key) || QualifiedKey.split(setting.key).map({ profile.isSecret($0.key) }) == true {
            secrets.append(line.bytes(value.raw, in: text))
        } else if profile.endpointKeys.contains(setting.lookupKey),
                  let endpoint = EndpointValue.read(value, in: line), let user = endpoint.userinfo,
                  let colon = user.first(where: { line.chars[$0] == 0x3A }), colon + 1 < user.upperBound {
            secrets.append(line.bytes((colon + 1)..<user.upperBound, in: text))
        }
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
            guard let header = profile.sections[index].header else { continue }
            if let captures = try match(header, line, &scratch) { return (index, captures) }
        }
        return nil
    }

    /// The key without regedit's quotes and escapes.
    private func key(_ line: LogicalLine, _ range: Range<Int>) -> String {
        let chars = line.chars[range]
        guard profile.syntax.values == .registry, chars.count >= 2, chars.first == 0x22, chars.last == 0x22 else {
            return line.string(range).trimmingBlanks
        }
        return WrittenValue.read(range, of: line, format: .registry, quotes: [0x22]).text
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
        guard let quote = profile.syntax.values == .registry ? 0x22 : profile.syntax.quotes.first else { return false }
        var open = false, escaped = false
        for char in chars {
            if escaped { escaped = false } else if char == 0x5C && open { escaped = true } else if char == quote { open.toggle() }
        }
        return open
    }
}
