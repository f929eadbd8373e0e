/// One change to a file's bytes: replace `range` with `replacement` (an insertion when the
/// range is empty). Edits are the only way output is made: everything outside them is the
/// input, byte for byte.
public struct ByteEdit: Sendable, Equatable, CustomStringConvertible {
    public var range: Range<Int>
    public var replacement: [UInt8]

    public init(replacing range: Range<Int>, with replacement: [UInt8]) {
        self.range = range
        self.replacement = replacement
    }

    public init(insertAt offset: Int, _ bytes: [UInt8]) {
        self.range = offset..<offset
        self.replacement = bytes
    }

    public var description: String { "\(range.lowerBound)..<\(range.upperBound) -> \(replacement.count) bytes" }
}

public enum SpliceError: Error, Equatable, CustomStringConvertible {
    case outOfBounds(ByteEdit)
    case overlapping(ByteEdit, ByteEdit)

    public var description: String {
        switch self {
        case .outOfBounds(let e): "edit \(e) lies outside the file"
        case .overlapping(let a, let b): "edits \(a) and \(b) overlap"
        }
    }
}

/// Applies edits to `bytes`. Edits may come in any order; they must not overlap (two
/// insertions at one offset keep their given order). Pure and total: a bad edit list is an
/// error, never a partially spliced result.
public func splice(_ bytes: [UInt8], _ edits: [ByteEdit]) throws(SpliceError) -> [UInt8] {
    let ordered = edits.enumerated().sorted { a, b in
        a.element.range.lowerBound != b.element.range.lowerBound
            ? a.element.range.lowerBound < b.element.range.lowerBound
            : (a.element.range.isEmpty != b.element.range.isEmpty ? a.element.range.isEmpty : a.offset < b.offset)
    }.map(\.element)
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count + edits.reduce(0) { $0 + $1.replacement.count })
    var cursor = 0
    var previous: ByteEdit?
    for edit in ordered {
        guard edit.range.lowerBound >= 0, edit.range.upperBound <= bytes.count else { throw .outOfBounds(edit) }
        if edit.range.lowerBound < cursor, let previous { throw .overlapping(previous, edit) }
        output.append(contentsOf: bytes[cursor..<edit.range.lowerBound])
        output.append(contentsOf: edit.replacement)
        cursor = edit.range.upperBound
        previous = edit
    }
    output.append(contentsOf: bytes[cursor...])
    return output
}
