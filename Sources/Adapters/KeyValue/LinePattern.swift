import Foundation

/// A profile pattern, compiled. Patterns are ICU regular expressions (`NSRegularExpression`):
/// per line they match an order of magnitude faster than Swift's `Regex`, which matters
/// because a key-value file is matched line by line. Matching works on code points, the unit
/// `TextFile` gives positions in; results are converted from UTF-16 offsets to scalar offsets.
/// Each thread keeps its own compiled copies, so nothing is shared between threads.
struct LinePattern {
    /// The pattern as written, for searching (`occurs`).
    private let regex: NSRegularExpression?
    /// The pattern anchored at both ends, so that a match must cover the whole line, with
    /// backtracking into lazy quantifiers as needed (what Swift's `wholeMatch` does).
    private let whole: NSRegularExpression?

    init(_ source: String) {
        let cache = CompiledPatterns.forCurrentThread
        regex = cache.regex(source)
        whole = cache.regex("\\A(?:" + source + ")\\z")
    }

    /// Whether `source` compiles (checked when a profile is loaded).
    static func isValid(_ source: String) -> Bool {
        (try? NSRegularExpression(pattern: source)) != nil
    }

    /// The named groups of a whole-line match, as scalar ranges of `line`; nil when the
    /// pattern does not match the whole line. A group that did not take part is absent.
    func wholeMatch(_ line: String, groups: [String]) -> [String: Range<Int>]? {
        guard let whole else { return nil }
        let utf16Count = line.utf16.count
        guard let match = whole.firstMatch(in: line, options: [], range: NSRange(location: 0, length: utf16Count)) else { return nil }
        // Scalar offsets equal UTF-16 offsets unless the line has characters outside the BMP.
        let astral = line.unicodeScalars.contains { $0.value > 0xFFFF }
        func scalarOffset(_ utf16Offset: Int) -> Int {
            guard astral else { return utf16Offset }
            let index = String.Index(utf16Offset: utf16Offset, in: line)
            return line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: index)
        }
        var result: [String: Range<Int>] = [:]
        for group in groups {
            let range = match.range(withName: group)
            guard range.location != NSNotFound else { continue }
            result[group] = scalarOffset(range.location)..<scalarOffset(range.location + range.length)
        }
        return result
    }

    /// Whether the pattern matches anywhere in `line` (detection markers).
    func occurs(in line: Substring) -> Bool {
        guard let regex else { return false }
        let text = String(line)
        return regex.firstMatch(in: text, options: [], range: NSRange(location: 0, length: text.utf16.count)) != nil
    }
}

/// The patterns one thread has compiled, by source text.
private final class CompiledPatterns {
    private var compiled: [String: NSRegularExpression?] = [:]

    static var forCurrentThread: CompiledPatterns {
        let key = "mailtls.KeyValue.CompiledPatterns"
        if let cache = Thread.current.threadDictionary[key] as? CompiledPatterns { return cache }
        let cache = CompiledPatterns()
        Thread.current.threadDictionary[key] = cache
        return cache
    }

    func regex(_ source: String) -> NSRegularExpression? {
        if let hit = compiled[source] { return hit }
        let regex = try? NSRegularExpression(pattern: source)
        compiled[source] = regex
        return regex
    }
}
