/// One token of the libpref grammar, tied to the scalars it came from.
struct PrefToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// A bare word: a statement keyword (`user_pref`, `pref`, `lockPref`, `sticky_pref`),
        /// `true`/`false`, or an attribute (`sticky`, `locked`).
        case word(String)
        /// A string literal with its escapes resolved, and the quote it was written with.
        case string(String, quote: Unicode.Scalar)
        /// A decimal integer in the signed 32-bit range.
        case integer(Int)
        /// `(`, `)`, `,` or `;`.
        case punctuation(Unicode.Scalar)
        case endOfFile
    }

    var kind: Kind
    /// Scalar indices (global, into `TextFile.scalars`) of the whole token, quotes included.
    var range: Range<Int>
    /// 1-based line where the token starts.
    var line: Int

    func isPunctuation(_ scalar: Unicode.Scalar) -> Bool { kind == .punctuation(scalar) }
}

/// A syntax problem found while reading, with the line it was found on.
struct PrefSyntaxError: Sendable, Equatable, Error {
    var line: Int
    var message: String
}
