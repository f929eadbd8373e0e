/// Renders what a conversion changed, for `--diff`, with secrets masked.
///
/// Text formats get a unified diff built from the edits themselves: only the lines an edit
/// touches, with context, so no diff algorithm can misalign anything. Binary formats get one
/// `-`/`+` pair of field lines per converted entry.
public enum ChangeDiff {
    public static let mask = "********"

    /// `line` with every occurrence of `secret` replaced by `mask`, left to right, matched
    /// character for character (no Unicode equivalence: the exact characters are masked).
    static func masking(_ secret: String, in line: String) -> String {
        let needle = Array(secret.unicodeScalars), text = Array(line.unicodeScalars)
        guard !needle.isEmpty, text.count >= needle.count else { return line }
        var out = String.UnicodeScalarView()
        var i = 0
        while i < text.count {
            if i + needle.count <= text.count, text[i..<(i + needle.count)].elementsEqual(needle) {
                out.append(contentsOf: mask.unicodeScalars)
                i += needle.count
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return String(out)
    }

    public static func render(
        path: String, input: [UInt8], outcome: FileConverter.Outcome, context: Int = 3
    ) -> String {
        guard let encoding = outcome.textEncoding, let file = try? TextFile(bytes: input, encoding: encoding) else {
            return fieldLines(path: path, outcome: outcome)
        }
        let secrets = outcome.secretRanges.map { encoding.decode(input[$0]) }.filter { !$0.isEmpty }
        func masked(_ line: String) -> String {
            secrets.reduce(line) { masking($1, in: $0) }
        }
        let lines = file.lines
        // Old lines each edit touches: [first, last) plus where an insertion lands.
        var spans: [(lower: Int, upper: Int, edits: [ByteEdit])] = []
        for edit in outcome.edits.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            let first = lines.firstIndex { edit.range.lowerBound < $0.endOfLine } ?? lines.count
            var last = first
            while last < lines.count, edit.range.upperBound > lines[last].fullBytes.lowerBound
                || (edit.range.isEmpty && edit.range.lowerBound > lines[last].fullBytes.lowerBound && last == first)
            { last += 1 }
            if let previous = spans.last, first <= previous.upper {
                spans[spans.count - 1] = (previous.lower, max(previous.upper, last), previous.edits + [edit])
            } else {
                spans.append((first, last, [edit]))
            }
        }
        var out = "--- \(path)\n+++ \(path) (converted)\n"
        var hunkStart = 0
        var index = 0
        while index < spans.count {
            // Merge spans whose context overlaps into one hunk.
            var group = [spans[index]]
            while index + 1 < spans.count, spans[index + 1].lower - group.last!.upper <= 2 * context {
                index += 1
                group.append(spans[index])
            }
            index += 1
            let lower = max(0, group.first!.lower - context)
            let upper = min(lines.count, group.last!.upper + context)
            var body: [String] = []
            var oldCount = 0, newCount = 0
            var cursor = lower
            for span in group {
                for line in lines[cursor..<span.lower] { body.append(" " + masked(line.text)); oldCount += 1; newCount += 1 }
                let regionStart = span.lower < lines.count ? lines[span.lower].fullBytes.lowerBound : input.count
                let regionEnd = span.upper > span.lower ? lines[span.upper - 1].fullBytes.upperBound : regionStart
                let shifted = span.edits.map {
                    ByteEdit(replacing: ($0.range.lowerBound - regionStart)..<($0.range.upperBound - regionStart), with: $0.replacement)
                }
                let newRegion = (try? splice(Array(input[regionStart..<regionEnd]), shifted)) ?? []
                for line in lines[span.lower..<span.upper] { body.append("-" + masked(line.text)); oldCount += 1 }
                for text in splitLines(encoding.decode(newRegion)) { body.append("+" + masked(text)); newCount += 1 }
                cursor = span.upper
            }
            for line in lines[cursor..<upper] { body.append(" " + masked(line.text)); oldCount += 1; newCount += 1 }
            out += "@@ -\(lower + 1),\(oldCount) +\(lower + 1 + hunkStart),\(newCount) @@\n"
            hunkStart += newCount - oldCount
            out += body.joined(separator: "\n") + "\n"
        }
        return out
    }

    /// Field-level lines for binary formats: one pair per converted entry.
    public static func fieldLines(path: String, outcome: FileConverter.Outcome) -> String {
        var out = "--- \(path)\n+++ \(path) (converted)\n"
        for decision in outcome.conversions {
            let e = decision.entry, t = decision.target!
            out += "@@ \(e.account) (\(e.proto.rawValue) \(e.host ?? "?")) @@\n"
            out += "-port \(e.port)\(e.portIsDefault ? " (absent, default)" : "") security \(e.security.rawValue)\n"
            out += "+port \(t.port) security \(t.security.rawValue)\n"
        }
        return out
    }

    private static func splitLines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var previousCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                if !previousCR { lines.append(String(current)) }
                current = .init()
                previousCR = false
            } else if scalar == "\r" {
                lines.append(String(current))
                current = .init()
                previousCR = true
            } else {
                current.append(scalar)
                previousCR = false
            }
        }
        if !current.isEmpty { lines.append(String(current)) }
        return lines
    }
}
