import MailTLSCore

/// A profile pattern compiled to a small backtracking program over UTF-8 bytes: the fast
/// path for the regular expressions profiles are written in (docs/profiles.md). It covers what
/// line patterns use: literals, `.`, classes with ASCII members (`[^=\]]`, `\d`, `\s`, `\w`),
/// groups (`(?:)`, named `(?<n>)`), alternation, greedy and lazy quantifiers, `^` `$` `\A`
/// `\z`, and `(?i)` / `(?i:)` (ASCII case). `compile` returns nil for anything else
/// (look-around, back-references, Unicode properties...), and `LinePattern` then uses Swift's
/// `Regex` instead. Matching works on the bytes of one line; a class or `.` that matches a
/// non-ASCII character consumes its whole UTF-8 sequence, so results agree with a match on
/// characters.
///
/// A class (immutable, so sharing it is safe): patterns are copied with profiles, sections
/// and line patterns on every line a file has, and a copy is then one retain, not one per
/// table inside.
final class BytePattern: Sendable {
    fileprivate enum Op: Sendable {
        case byte(UInt8)
        /// A byte compared with ASCII letters folded to lower case.
        case foldedByte(UInt8)
        case set(ByteSet)
        /// Any character except CR and LF.
        case any
        /// Try `first`, on failure `second`.
        case split(first: Int, second: Int)
        case jump(Int)
        case save(Int)
        case atStart
        case atEnd
        case match
    }

    private let program: [Op]
    /// For each instruction, what a match continuing from it can start with (see `Start`):
    /// a branch that cannot start at the current byte is not tried, and not pushed.
    private let starts: [Start]
    /// Capture slot pairs by group name.
    let groups: [String: Int]
    /// Bytes a match can start with (nil: any, or the empty string matches).
    private let firstBytes: ByteSet?
    private let anchoredAtStart: Bool
    /// Texts (ASCII, letters lower-cased) one of which every match contains; nil when the
    /// pattern has none worth searching for, or is not a marker. Detection's prefilter: a file head that holds
    /// none of them cannot have a matching line.
    let requiredTexts: [[UInt8]]?

    private init(program: [Op], starts: [Start], groups: [String: Int], firstBytes: ByteSet?, anchoredAtStart: Bool, requiredTexts: [[UInt8]]?) {
        (self.program, self.starts, self.groups, self.firstBytes, self.anchoredAtStart, self.requiredTexts) =
            (program, starts, groups, firstBytes, anchoredAtStart, requiredTexts)
    }

    /// Nil when the pattern uses something outside the subset (or is not valid).
    /// `searched`: the pattern is a detection marker, so its `requiredTexts` are worked out
    /// (only markers use them; every other pattern skips that work at start-up).
    static func compile(_ source: String, searched: Bool = false) -> BytePattern? {
        var parser = PatternParser(bytes: Array(source.utf8))
        guard let node = parser.parseAll() else { return nil }
        var compiler = Compiler()
        compiler.emit(node)
        compiler.program.append(.match)
        guard compiler.program.count < 20_000 else { return nil }
        return BytePattern(program: compiler.program, starts: Start.table(compiler.program), groups: parser.groups,
                           firstBytes: node.firstBytes, anchoredAtStart: node.anchoredAtStart,
                           requiredTexts: searched ? node.requiredTexts : nil)
    }

    /// Whether the pattern matches the whole of `input`; the captures (pairs of positions in
    /// `input`, -1 when a group did not take part) are then in `scratch.captures`. Throws when
    /// the line needs too many backtracking steps.
    func wholeMatch(_ input: UnsafeBufferPointer<UInt8>, _ scratch: inout MatchScratch) throws(PatternBudgetExceeded) -> Bool {
        if let first = firstBytes, input.isEmpty || !first.contains(input[0]) { return false }
        return try run(input, from: 0, whole: true, &scratch)
    }

    /// Whether the pattern matches anywhere in `input`.
    func occurs(in input: UnsafeBufferPointer<UInt8>, _ scratch: inout MatchScratch) throws(PatternBudgetExceeded) -> Bool {
        if anchoredAtStart {
            if let first = firstBytes, input.isEmpty || !first.contains(input[0]) { return false }
            return try run(input, from: 0, whole: false, &scratch)
        }
        for start in 0...input.count {
            if let first = firstBytes, start == input.count || !first.contains(input[start]) { continue }
            if try run(input, from: start, whole: false, &scratch) { return true }
        }
        return false
    }

    private func run(_ input: UnsafeBufferPointer<UInt8>, from start: Int, whole: Bool, _ scratch: inout MatchScratch) throws(PatternBudgetExceeded) -> Bool {
        // Work on local buffers (moved out of the scratch, so no copy) and hand them back.
        var captures: [Int] = []
        var stack: [BacktrackFrame] = []
        swap(&captures, &scratch.captures)
        swap(&stack, &scratch.stack)
        captures.removeAll(keepingCapacity: true)
        captures.append(contentsOf: repeatElement(-1, count: groups.count * 2))
        stack.removeAll(keepingCapacity: true)
        defer {
            swap(&captures, &scratch.captures)
            swap(&stack, &scratch.stack)
        }
        // The tables and the captures as raw buffers: no bounds or uniqueness check per step.
        return try program.withUnsafeBufferPointer { (program) throws(PatternBudgetExceeded) -> Bool in
            try starts.withUnsafeBufferPointer { (starts) throws(PatternBudgetExceeded) -> Bool in
                try captures.withUnsafeMutableBufferPointer { (captures) throws(PatternBudgetExceeded) -> Bool in
                    try Self.execute(program, starts, input, from: start, whole: whole, captures, &stack)
                }
            }
        }
    }

    private static func execute(
        _ program: UnsafeBufferPointer<Op>, _ starts: UnsafeBufferPointer<Start>, _ input: UnsafeBufferPointer<UInt8>,
        from start: Int, whole: Bool, _ captures: UnsafeMutableBufferPointer<Int>, _ stack: inout [BacktrackFrame]
    ) throws(PatternBudgetExceeded) -> Bool {
        var budget = 200_000 + 200 * input.count
        var pc = 0, pos = start
        let end = input.count
        while true {
            var ok = true
            switch program[pc] {
            case .byte(let b):
                if pos < end, input[pos] == b { pos += 1; pc += 1 } else { ok = false }
            case .foldedByte(let b):
                if pos < end, ByteSet.lower(input[pos]) == b { pos += 1; pc += 1 } else { ok = false }
            case .set(let set):
                if pos < end, set.contains(input[pos]) { pos += input[pos] < 0xC0 ? 1 : ByteSet.width(input, pos); pc += 1 } else { ok = false }
            case .any:
                if pos < end, input[pos] != 0x0A, input[pos] != 0x0D { pos += input[pos] < 0xC0 ? 1 : ByteSet.width(input, pos); pc += 1 } else { ok = false }
            case .split(let first, let second):
                // A branch whose first step cannot succeed here is skipped, not tried and
                // backtracked (most of a lazy `.*?` loop's cost is its exit failing).
                let tryFirst = starts[first].admits(input, pos, whole: whole)
                let trySecond = starts[second].admits(input, pos, whole: whole)
                if tryFirst {
                    if trySecond { stack.append(BacktrackFrame(pc: second, pos: pos, slot: -1)) }
                    pc = first
                } else if trySecond {
                    pc = second
                } else {
                    ok = false
                }
            case .jump(let target):
                pc = target
            case .save(let slot):
                stack.append(BacktrackFrame(pc: 0, pos: captures[slot], slot: slot))
                captures[slot] = pos
                pc += 1
            case .atStart:
                if pos == 0 { pc += 1 } else { ok = false }
            case .atEnd:
                if pos == end { pc += 1 } else { ok = false }
            case .match:
                if !whole || pos == end { return true }
                ok = false
            }
            if ok { continue }
            // Backtrack: undo captures down to the last branch. Only backtracking counts
            // against the budget: forward steps are bounded by the program and the line.
            budget -= 1
            if budget < 0 { throw PatternBudgetExceeded() }
            while true {
                guard let frame = stack.popLast() else { return false }
                if frame.slot >= 0 {
                    captures[frame.slot] = frame.pos
                } else {
                    pc = frame.pc
                    pos = frame.pos
                    break
                }
            }
        }
    }
}

/// What a match that continues from one instruction can begin with: a byte of `bytes` at the
/// current position, or the end of the line (`atEnd`, or `match` in a whole match), or
/// anything at all (`match` when searching). Found by following every path from the
/// instruction through the steps that consume nothing (branches, jumps, captures, `^`); a
/// superset, so skipping a branch it rules out never changes a result.
fileprivate struct Start {
    var bytes = ByteSet()
    var atEnd = false
    var reachesMatch = false

    @inline(__always)
    func admits(_ input: UnsafeBufferPointer<UInt8>, _ pos: Int, whole: Bool) -> Bool {
        if pos < input.count { return bytes.contains(input[pos]) || (reachesMatch && !whole) }
        return atEnd || reachesMatch
    }

    /// The start of every branch target (other entries are never read).
    static func table(_ program: [BytePattern.Op]) -> [Start] {
        var table = [Start](repeating: Start(), count: program.count)
        var visited = [Bool](repeating: false, count: program.count)
        for case .split(let first, let second) in program {
            table[first] = from(program, first, &visited)
            table[second] = from(program, second, &visited)
        }
        return table
    }

    private static func from(_ program: [BytePattern.Op], _ pc: Int, _ visited: inout [Bool]) -> Start {
        var start = Start()
        var seen: [Int] = []
        var pending = [pc]
        while let next = pending.popLast() {
            guard !visited[next] else { continue }
            visited[next] = true
            seen.append(next)
            switch program[next] {
            case .byte(let byte): start.bytes.insert(byte)
            case .foldedByte(let byte):
                var set = ByteSet()
                set.insert(byte)
                start.bytes.formUnion(set.caseFolded)
            case .set(let set): start.bytes.formUnion(set)
            case .any: start.bytes = .all
            case .split(let first, let second): pending += [first, second]
            case .jump(let target): pending.append(target)
            case .save, .atStart: pending.append(next + 1)
            case .atEnd: start.atEnd = true
            case .match: start.reachesMatch = true
            }
        }
        for index in seen { visited[index] = false }
        return start
    }
}

/// One saved backtracking point (or capture to restore) of a match.
struct BacktrackFrame {
    var pc: Int
    var pos: Int
    /// -1 for a branch; else the capture slot to restore to `pos`.
    var slot: Int
}

/// Buffers a matcher reuses from line to line (one per scan, never shared between threads).
struct MatchScratch {
    var stack: [BacktrackFrame] = []
    /// After a successful match: start and end of each group, -1 when it did not take part.
    var captures: [Int] = []
}

/// A line needed more backtracking steps than a sane pattern takes (a catastrophic pattern).
struct PatternBudgetExceeded: Error {}

/// A set of bytes (a 256-bit table). Members at or above 0x80 stand for every non-ASCII
/// character; the matcher then consumes the character's whole UTF-8 sequence.
struct ByteSet: Sendable, Equatable {
    private var bits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    static func == (a: ByteSet, b: ByteSet) -> Bool { a.bits == b.bits }

    func contains(_ byte: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: return bits.0 & bit != 0
        case 1: return bits.1 & bit != 0
        case 2: return bits.2 & bit != 0
        default: return bits.3 & bit != 0
        }
    }

    mutating func insert(_ byte: UInt8) {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: bits.0 |= bit
        case 1: bits.1 |= bit
        case 2: bits.2 |= bit
        default: bits.3 |= bit
        }
    }

    mutating func insert(_ range: ClosedRange<UInt8>) { for byte in range { insert(byte) } }
    mutating func formUnion(_ other: ByteSet) {
        bits = (bits.0 | other.bits.0, bits.1 | other.bits.1, bits.2 | other.bits.2, bits.3 | other.bits.3)
    }
    var inverted: ByteSet {
        var copy = self
        copy.bits = (~bits.0, ~bits.1, ~bits.2, ~bits.3)
        return copy
    }
    static var all: ByteSet { ByteSet().inverted }
    var isEmpty: Bool { bits == (0, 0, 0, 0) }

    /// Adds the other case of every ASCII letter in the set.
    var caseFolded: ByteSet {
        var copy = self
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") where contains(byte) || contains(byte | 0x20) {
            copy.insert(byte)
            copy.insert(byte | 0x20)
        }
        return copy
    }

    static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

    /// Bytes of the UTF-8 sequence starting at `pos` (1 for ASCII and stray bytes).
    static func width(_ input: UnsafeBufferPointer<UInt8>, _ pos: Int) -> Int {
        let lead = input[pos]
        guard lead >= 0xC0 else { return 1 }
        var length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        length = min(length, input.count - pos)
        var n = 1
        while n < length, input[pos + n] & 0xC0 == 0x80 { n += 1 }
        return n
    }

    static let digits: ByteSet = { var s = ByteSet(); s.insert(0x30...0x39); return s }()
    static let blanks: ByteSet = { var s = ByteSet(); for b: UInt8 in [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D] { s.insert(b) }; return s }()
    static let word: ByteSet = {
        var s = digits
        s.insert(0x41...0x5A); s.insert(0x61...0x7A); s.insert(0x5F)
        return s
    }()
    /// Every non-ASCII byte: a negated class or `\W` matches any non-ASCII character.
    static let nonASCII: ByteSet = { var s = ByteSet(); s.insert(0x80...0xFF); return s }()
}

// MARK: - Parsing the pattern

private indirect enum Node {
    case literal(UInt8, folded: Bool)
    case set(ByteSet)
    case any
    case concat([Node])
    case alternation([Node])
    case group(Node, slot: Int?)
    case repeated(Node, min: Int, max: Int?, lazy: Bool)
    case atStart
    case atEnd

    /// Whether the node can match the empty string.
    var isNullable: Bool {
        switch self {
        case .literal, .set, .any: false
        case .concat(let nodes): nodes.allSatisfy(\.isNullable)
        case .alternation(let nodes): nodes.contains(where: \.isNullable)
        case .group(let node, _): node.isNullable
        case .repeated(let node, let min, _, _): min == 0 || node.isNullable
        case .atStart, .atEnd: true
        }
    }

    /// The bytes a non-empty match must start with; nil when unknown or nullable.
    var firstBytes: ByteSet? {
        switch self {
        case .literal(let byte, let folded):
            var set = ByteSet()
            set.insert(byte)
            return folded ? set.caseFolded : set
        case .set(let set): return set
        case .any: return nil
        case .concat(let nodes):
            // The first bytes of each leading part that may match nothing, up to one that cannot.
            var union = ByteSet()
            for node in nodes {
                if case .atStart = node { continue }
                if case .atEnd = node { return nil }
                guard let first = node.firstBytes else { return nil }
                union.formUnion(first)
                if !node.isNullable { return union }
            }
            return nil
        case .alternation(let nodes):
            var union = ByteSet()
            for node in nodes {
                guard let first = node.firstBytes, !node.isNullable else { return nil }
                union.formUnion(first)
            }
            return union
        case .group(let node, _): return node.firstBytes
        case .repeated(let node, _, _, _): return node.firstBytes
        case .atStart, .atEnd: return nil
        }
    }

    /// Texts one of which every match contains (see `BytePattern.requiredTexts`): the best
    /// (longest shortest member) of a concatenation's literal runs and its parts' own sets,
    /// the union of an alternation's. Non-ASCII literals end a run: the head detection
    /// searches is not UTF-8 for every encoding.
    var requiredTexts: [[UInt8]]? {
        switch self {
        case .literal(let byte, _): return byte < 0x80 ? [[ByteSearch.asciiLower(byte)]] : nil
        case .set, .any, .atStart, .atEnd: return nil
        case .group(let node, _): return node.requiredTexts
        case .repeated(let node, let min, _, _): return min > 0 ? node.requiredTexts : nil
        case .alternation(let nodes):
            var all: [[UInt8]] = []
            for node in nodes {
                guard let texts = node.requiredTexts else { return nil }
                all += texts
            }
            return all.isEmpty ? nil : all
        case .concat(let nodes):
            func shortest(_ texts: [[UInt8]]?) -> Int { texts?.map(\.count).min() ?? 0 }
            var best: [[UInt8]]?
            var run: [UInt8] = []
            func consider(_ texts: [[UInt8]]?) {
                if shortest(texts) > shortest(best) { best = texts }
            }
            for node in nodes {
                if case .literal(let byte, _) = node, byte < 0x80 {
                    run.append(ByteSearch.asciiLower(byte))
                    continue
                }
                if !run.isEmpty { consider([run]); run = [] }
                consider(node.requiredTexts)
            }
            if !run.isEmpty { consider([run]) }
            return best
        }
    }

    var anchoredAtStart: Bool {
        switch self {
        case .atStart: true
        case .concat(let nodes): nodes.first?.anchoredAtStart ?? false
        case .group(let node, _): node.anchoredAtStart
        case .alternation(let nodes): !nodes.isEmpty && nodes.allSatisfy(\.anchoredAtStart)
        default: false
        }
    }
}

/// Recursive-descent parser for the supported subset; nil on anything else.
private struct PatternParser {
    let bytes: [UInt8]
    var index = 0
    var groups: [String: Int] = [:]
    var caseless = false

    init(bytes: [UInt8]) { self.bytes = bytes }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func parseAll() -> Node? {
        guard let node = parseAlternation(), index == bytes.count else { return nil }
        return node
    }

    private mutating func parseAlternation() -> Node? {
        var branches: [Node] = []
        let outerCaseless = caseless
        while true {
            guard let branch = parseConcat() else { return nil }
            branches.append(branch)
            guard peek == UInt8(ascii: "|") else { break }
            index += 1
        }
        caseless = outerCaseless
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func parseConcat() -> Node? {
        var items: [Node] = []
        while let byte = peek, byte != UInt8(ascii: "|"), byte != UInt8(ascii: ")") {
            guard let atom = parseAtom() else { return nil }
            guard let item = parseQuantifier(atom) else { return nil }
            if case .concat(let empty) = item, empty.isEmpty { continue }
            items.append(item)
        }
        return items.count == 1 ? items[0] : .concat(items)
    }

    private mutating func parseQuantifier(_ atom: Node) -> Node? {
        guard let byte = peek else { return atom }
        var min = 0, max: Int?
        switch byte {
        case UInt8(ascii: "*"): (min, max) = (0, nil)
        case UInt8(ascii: "+"): (min, max) = (1, nil)
        case UInt8(ascii: "?"): (min, max) = (0, 1)
        case UInt8(ascii: "{"):
            guard let (low, high, length) = counted() else { return nil }
            (min, max) = (low, high)
            index += length - 1
        default: return atom
        }
        index += 1
        var lazy = false
        if peek == UInt8(ascii: "?") { lazy = true; index += 1 } else if peek == UInt8(ascii: "+") { return nil }
        if case .atStart = atom { return nil }
        if case .atEnd = atom { return nil }
        // A loop over something that can match nothing needs progress checks: not supported.
        if max == nil, atom.isNullable { return nil }
        guard min <= 100, (max ?? 0) <= 100, min <= (max ?? min) else { return nil }
        return .repeated(atom, min: min, max: max, lazy: lazy)
    }

    /// `{n}`, `{n,}`, `{n,m}` at `index`: the bounds and the text length.
    private func counted() -> (Int, Int?, Int)? {
        var i = index + 1
        func number() -> Int? {
            var value: Int?
            while i < bytes.count, (0x30...0x39).contains(bytes[i]) {
                value = (value ?? 0) * 10 + Int(bytes[i] - 0x30)
                if value! > 1000 { return nil }
                i += 1
            }
            return value
        }
        guard let low = number() else { return nil }
        var high: Int? = low
        if i < bytes.count, bytes[i] == UInt8(ascii: ",") {
            i += 1
            high = number()
        }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "}") else { return nil }
        return (low, high, i - index + 1)
    }

    private mutating func parseAtom() -> Node? {
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "("): return parseGroup()
        case UInt8(ascii: "["): return parseClass()
        case UInt8(ascii: "."): return .any
        case UInt8(ascii: "^"): return .atStart
        case UInt8(ascii: "$"): return .atEnd
        case UInt8(ascii: "\\"): return parseEscape()
        case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "]"):
            return nil
        default:
            if byte >= 0x80 {
                // A non-ASCII literal: its UTF-8 bytes in order (no case folding for them).
                guard !caseless else { return nil }
                var sequence: [Node] = [.literal(byte, folded: false)]
                while let next = peek, next & 0xC0 == 0x80 {
                    sequence.append(.literal(next, folded: false))
                    index += 1
                }
                return .group(.concat(sequence), slot: nil)
            }
            return literal(byte)
        }
    }

    private func literal(_ byte: UInt8) -> Node {
        let isLetter = (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        return caseless && isLetter ? .literal(ByteSet.lower(byte), folded: true) : .literal(byte, folded: false)
    }

    private mutating func parseGroup() -> Node? {
        var slot: Int?
        let outer = caseless
        if peek == UInt8(ascii: "?") {
            index += 1
            guard let kind = peek else { return nil }
            if kind == UInt8(ascii: ":") {
                index += 1
            } else if kind == UInt8(ascii: "<") {
                index += 1
                var name: [UInt8] = []
                while let c = peek, c != UInt8(ascii: ">") {
                    guard (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) else { return nil }
                    name.append(c)
                    index += 1
                }
                guard peek == UInt8(ascii: ">"), !name.isEmpty else { return nil }
                index += 1
                let text = String(decoding: name, as: UTF8.self)
                guard groups[text] == nil else { return nil }
                slot = groups.count * 2
                groups[text] = groups.count
            } else {
                // Flags: (?i) for the rest of the group, (?i:...) for the group, (?-i).
                var on = true, flag: Bool?
                while let c = peek, c != UInt8(ascii: ")"), c != UInt8(ascii: ":") {
                    if c == UInt8(ascii: "-") { on = false } else if c == UInt8(ascii: "i") { flag = on } else { return nil }
                    index += 1
                }
                guard let flag, let end = peek else { return nil }
                index += 1
                if end == UInt8(ascii: ")") {
                    caseless = flag
                    return .concat([])
                }
                caseless = flag
            }
        }
        guard let inner = parseAlternation(), peek == UInt8(ascii: ")") else { return nil }
        index += 1
        caseless = outer
        return .group(inner, slot: slot)
    }

    private mutating func parseEscape() -> Node? {
        guard let byte = peek else { return nil }
        index += 1
        switch byte {
        case UInt8(ascii: "t"): return .literal(0x09, folded: false)
        case UInt8(ascii: "n"): return .literal(0x0A, folded: false)
        case UInt8(ascii: "r"): return .literal(0x0D, folded: false)
        case UInt8(ascii: "d"): return .set(ByteSet.digits)
        case UInt8(ascii: "D"): return .set(ByteSet.digits.inverted)
        case UInt8(ascii: "s"): return .set(ByteSet.blanks)
        case UInt8(ascii: "S"): return .set(ByteSet.blanks.inverted)
        case UInt8(ascii: "w"): return .set(ByteSet.word)
        case UInt8(ascii: "W"): return .set(ByteSet.word.inverted)
        case UInt8(ascii: "A"): return .atStart
        case UInt8(ascii: "z"), UInt8(ascii: "Z"): return .atEnd
        default:
            // Escaped punctuation is itself; letters and digits have meanings we do not cover.
            guard byte < 0x80, !isAlphanumeric(byte) else { return nil }
            return .literal(byte, folded: false)
        }
    }

    private mutating func parseClass() -> Node? {
        var set = ByteSet()
        var negated = false
        if peek == UInt8(ascii: "^") { negated = true; index += 1 }
        var first = true
        while true {
            guard let byte = peek else { return nil }
            if byte == UInt8(ascii: "]"), !first { index += 1; break }
            first = false
            index += 1
            var low: UInt8
            switch byte {
            case UInt8(ascii: "["): return nil
            case UInt8(ascii: "\\"):
                guard let escaped = peek else { return nil }
                index += 1
                switch escaped {
                case UInt8(ascii: "t"): low = 0x09
                case UInt8(ascii: "n"): low = 0x0A
                case UInt8(ascii: "r"): low = 0x0D
                case UInt8(ascii: "d"): set.formUnion(ByteSet.digits); continue
                case UInt8(ascii: "s"): set.formUnion(ByteSet.blanks); continue
                case UInt8(ascii: "w"): set.formUnion(ByteSet.word); continue
                default:
                    guard escaped < 0x80, !isAlphanumeric(escaped) else { return nil }
                    low = escaped
                }
            default:
                guard byte < 0x80 else { return nil }
                low = byte
            }
            if peek == UInt8(ascii: "-"), index + 1 < bytes.count, bytes[index + 1] != UInt8(ascii: "]") {
                index += 1
                var high = bytes[index]
                index += 1
                if high == UInt8(ascii: "\\") {
                    guard let escaped = peek, escaped < 0x80, !isAlphanumeric(escaped) else { return nil }
                    high = escaped
                    index += 1
                }
                guard high < 0x80, high >= low, high != UInt8(ascii: "[") else { return nil }
                set.insert(low...high)
            } else {
                set.insert(low)
            }
        }
        if caseless { set = set.caseFolded }
        if negated {
            set = set.inverted
            // Like ICU's `.`-free classes, a negated class does not span a line break; lines
            // never contain one, so only the non-ASCII half matters: it is all in.
        }
        return .set(set)
    }

    private func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}

// MARK: - Compiling to the program

private struct Compiler {
    var program: [BytePattern.Op] = []

    mutating func emit(_ node: Node) {
        switch node {
        case .literal(let byte, let folded): program.append(folded ? .foldedByte(byte) : .byte(byte))
        case .set(let set): program.append(.set(set))
        case .any: program.append(.any)
        case .atStart: program.append(.atStart)
        case .atEnd: program.append(.atEnd)
        case .concat(let nodes): for node in nodes { emit(node) }
        case .group(let inner, let slot):
            if let slot { program.append(.save(slot)) }
            emit(inner)
            if let slot { program.append(.save(slot + 1)) }
        case .alternation(let branches):
            var jumps: [Int] = []
            for (index, branch) in branches.enumerated() {
                if index < branches.count - 1 {
                    let split = program.count
                    program.append(.split(first: split + 1, second: 0))
                    emit(branch)
                    jumps.append(program.count)
                    program.append(.jump(0))
                    program[split] = .split(first: split + 1, second: program.count)
                } else {
                    emit(branch)
                }
            }
            for jump in jumps { program[jump] = .jump(program.count) }
        case .repeated(let inner, let min, let max, let lazy):
            for _ in 0..<min { emit(inner) }
            if let max {
                // Each optional copy: try it (or skip it, when lazy); skipping ends the run.
                var exits: [Int] = []
                for _ in min..<max {
                    exits.append(program.count)
                    program.append(.split(first: 0, second: 0))
                    emit(inner)
                }
                for exit in exits { program[exit] = branch(enter: exit + 1, leave: program.count, lazy: lazy) }
            } else {
                let loop = program.count
                program.append(.split(first: 0, second: 0))
                emit(inner)
                program.append(.jump(loop))
                program[loop] = branch(enter: loop + 1, leave: program.count, lazy: lazy)
            }
        }
    }

    private func branch(enter: Int, leave: Int, lazy: Bool) -> BytePattern.Op {
        lazy ? .split(first: leave, second: enter) : .split(first: enter, second: leave)
    }
}
