/// One token of the libpref grammar, as byte indices into its `PrefText`: no token allocates.
struct PrefToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// A bare word (its bytes are `range`): a statement keyword (`user_pref`, `pref`,
        /// `lockPref`, `sticky_pref`), `true`/`false`, or an attribute (`sticky`, `locked`).
        case word
        /// A string literal.
        case string(PrefString)
        /// A decimal integer in the signed 32-bit range.
        case integer(Int)
        /// `(`, `)`, `,` or `;`.
        case punctuation(UInt8)
        case endOfFile
    }

    var kind: Kind
    /// View indices of the whole token, quotes included.
    var range: Range<Int>
    /// 1-based line where the token starts.
    var line: Int

    func isPunctuation(_ character: Unicode.Scalar) -> Bool { kind == .punctuation(UInt8(character.value)) }
}

/// A syntax problem found while reading, with the line it was found on.
struct PrefSyntaxError: Sendable, Equatable, Error {
    var line: Int
    var message: String
}

/// The value of a string literal: the bytes between its quotes, as they are unless `escaped`
/// (escapes or line breaks), when `PrefText` resolves them on use.
struct PrefString: Sendable, Equatable {
    var body: Range<Int>
    var escaped: Bool
}
