/// A profile pattern compiled for one scan. `Regex` is not `Sendable`, so profiles keep the
/// source text (checked when the profile is loaded) and each scan compiles its own copy.
/// Patterns work on Unicode scalars, the unit `TextFile` gives positions in.
struct LinePattern {
    private let regex: Regex<AnyRegexOutput>?

    init(_ source: String) {
        regex = (try? Regex(source))?.matchingSemantics(.unicodeScalar)
    }

    /// The named groups of a whole-line match, as scalar ranges of `line`; nil when the
    /// pattern does not match the whole line. A group that did not take part is absent.
    func wholeMatch(_ line: String, groups: [String]) -> [String: Range<Int>]? {
        guard let regex, let match = try? regex.wholeMatch(in: line) else { return nil }
        var result: [String: Range<Int>] = [:]
        let scalars = line.unicodeScalars
        for group in groups {
            guard let range = match[group]?.range else { continue }
            let lower = scalars.distance(from: scalars.startIndex, to: range.lowerBound)
            let upper = lower + scalars.distance(from: range.lowerBound, to: range.upperBound)
            result[group] = lower..<upper
        }
        return result
    }

    /// Whether the pattern matches anywhere in `line` (detection markers).
    func occurs(in line: Substring) -> Bool {
        guard let regex else { return false }
        return (try? regex.firstMatch(in: line)) != nil
    }
}
