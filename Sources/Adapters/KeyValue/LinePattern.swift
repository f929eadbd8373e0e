import Foundation

/// A profile pattern, compiled. `Regex` is not `Sendable`, so profiles keep the source text
/// (checked when the profile is loaded) and each thread compiles a pattern once and keeps it
/// in a per-thread cache: compiling is far dearer than matching, and nothing is shared
/// between threads. Patterns work on Unicode scalars, the unit `TextFile` gives positions in.
struct LinePattern {
    private let regex: Regex<AnyRegexOutput>?

    init(_ source: String) {
        regex = CompiledPatterns.forCurrentThread.regex(source)
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

/// The patterns one thread has compiled, by source text.
private final class CompiledPatterns {
    private var compiled: [String: Regex<AnyRegexOutput>?] = [:]

    static var forCurrentThread: CompiledPatterns {
        let key = "mailtls.KeyValue.CompiledPatterns"
        if let cache = Thread.current.threadDictionary[key] as? CompiledPatterns { return cache }
        let cache = CompiledPatterns()
        Thread.current.threadDictionary[key] = cache
        return cache
    }

    func regex(_ source: String) -> Regex<AnyRegexOutput>? {
        if let hit = compiled[source] { return hit }
        let regex = (try? Regex(source))?.matchingSemantics(.unicodeScalar)
        compiled[source] = regex
        return regex
    }
}
