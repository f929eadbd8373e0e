import MailTLSCore

/// A profile pattern, compiled once when the profile is loaded. Patterns in the subset that
/// `BytePattern` covers (every built-in profile's) run as byte programs on the line's UTF-8
/// bytes; any other valid pattern runs with Swift's `Regex` on the decoded line, slower but
/// with the same results. Neither uses ICU. Positions are byte offsets in the line.
struct LinePattern: Sendable {
    private enum Engine: Sendable {
        case bytes(BytePattern)
        case stdlib(StdlibPattern)
    }

    let source: String
    private let engine: Engine

    /// Nil when `source` is not a valid pattern.
    /// `marker`: a detection marker, searched for in file heads (see `mayOccur`).
    init?(_ source: String, marker: Bool = false) {
        self.source = source
        if let compiled = BytePattern.compile(source, searched: marker) {
            engine = .bytes(compiled)
        } else if let fallback = StdlibPattern(source) {
            engine = .stdlib(fallback)
        } else {
            return nil
        }
    }

    /// Whether the pattern runs on the byte fast path (reported by tests and docs).
    var isFast: Bool {
        if case .bytes = engine { return true }
        return false
    }

    /// Capture slot of a named group (index into `wholeMatch`'s result / 2), or nil.
    func slot(_ name: String) -> Int? {
        switch engine {
        case .bytes(let pattern): pattern.groups[name]
        case .stdlib(let pattern): pattern.names.firstIndex(of: name)
        }
    }

    /// The names of its named groups.
    var groupNames: [String] {
        switch engine {
        case .bytes(let pattern): Array(pattern.groups.keys)
        case .stdlib(let pattern): pattern.names
        }
    }

    /// Whether the pattern matches all of `line`; the capture positions (start, end per group;
    /// -1 when absent) are then in `scratch.captures`.
    func wholeMatch(_ line: UnsafeBufferPointer<UInt8>, _ scratch: inout MatchScratch) throws(PatternBudgetExceeded) -> Bool {
        switch engine {
        case .bytes(let pattern): return try pattern.wholeMatch(line, &scratch)
        case .stdlib(let pattern):
            guard let captures = pattern.wholeMatch(line) else { return false }
            scratch.captures = captures
            return true
        }
    }

    /// False when no line of `file`'s head can match: none of the texts every match contains
    /// is in the head (one search each over the head folded once per file). True otherwise,
    /// and always for the `Regex` fallback.
    func mayOccur(in file: InputFile) -> Bool {
        guard let texts = requiredTexts else { return true }
        return texts.contains { file.headContains(folded: $0) }
    }

    /// The texts one of which every match contains (a marker on the byte path), else nil.
    var requiredTexts: [[UInt8]]? {
        if case .bytes(let pattern) = engine { return pattern.requiredTexts }
        return nil
    }

    /// Whether the pattern matches anywhere in `line` (detection markers). A pattern that
    /// runs out of steps counts as no match.
    func occurs(in line: UnsafeBufferPointer<UInt8>, _ scratch: inout MatchScratch) -> Bool {
        switch engine {
        case .bytes(let pattern): (try? pattern.occurs(in: line, &scratch)) ?? false
        case .stdlib(let pattern): pattern.occurs(in: line)
        }
    }
}

/// The slow path: Swift's own regular expressions (no ICU), on the decoded line, matching by
/// Unicode scalar as ICU does. Compiled regexes are immutable, so sharing them is safe.
final class StdlibPattern: @unchecked Sendable {
    private let regex: Regex<AnyRegexOutput>
    let names: [String]

    init?(_ source: String) {
        guard let regex = try? Regex(source) else { return nil }
        self.regex = regex.matchingSemantics(.unicodeScalar)
        var names: [String] = []
        var rest = Substring(source)
        while let open = rest.firstRange(of: "(?<") {
            let after = rest[open.upperBound...]
            if let close = after.firstIndex(of: ">") {
                let name = String(after[..<close])
                if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber }) { names.append(name) }
            }
            rest = after
        }
        self.names = names
    }

    func wholeMatch(_ line: UnsafeBufferPointer<UInt8>) -> [Int]? {
        let text = String(decoding: line, as: UTF8.self)
        guard let match = try? regex.wholeMatch(in: text) else { return nil }
        var captures: [Int] = []
        for name in names {
            if let range = match.output[name]?.range {
                captures.append(text.utf8.distance(from: text.startIndex, to: range.lowerBound))
                captures.append(text.utf8.distance(from: text.startIndex, to: range.upperBound))
            } else {
                captures += [-1, -1]
            }
        }
        return captures
    }

    func occurs(in line: UnsafeBufferPointer<UInt8>) -> Bool {
        let text = String(decoding: line, as: UTF8.self)
        return (try? regex.firstMatch(in: text)) != nil
    }
}
