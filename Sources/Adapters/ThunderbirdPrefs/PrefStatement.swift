/// One `SPEC(NAME, VALUE);` statement of a prefs.js / user.js file, as ranges of its
/// `PrefText`: view indices, and for the name a range of `PrefText.bytes`.
struct PrefStatement: Sendable, Equatable {
    /// The statement keyword. Its rank orders competing statements for one name (rules §5):
    /// `lockPref` > `user_pref` > `pref` (`sticky_pref` is a default-branch `pref`).
    enum Spec: String, Sendable, CaseIterable {
        case pref
        case stickyPref = "sticky_pref"
        case userPref = "user_pref"
        case lockPref

        /// The keyword spelled by `bytes`, if any.
        init?(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) {
            switch bytes.count {
            case 4 where PrefParser.equal(bytes, "pref"): self = .pref
            case 8 where PrefParser.equal(bytes, "lockPref"): self = .lockPref
            case 9 where PrefParser.equal(bytes, "user_pref"): self = .userPref
            case 11 where PrefParser.equal(bytes, "sticky_pref"): self = .stickyPref
            default: return nil
            }
        }

        var rank: Int {
            switch self {
            case .pref, .stickyPref: 0
            case .userPref: 1
            case .lockPref: 2
            }
        }
    }

    enum Value: Sendable, Equatable {
        case string(PrefString)
        case integer(Int)
        case boolean(Bool)

        var integer: Int? {
            if case .integer(let value) = self { return value }
            return nil
        }

        var string: PrefString? {
            if case .string(let value) = self { return value }
            return nil
        }
    }

    var spec: Spec
    /// The `PrefText.bytes` range of the name, escapes resolved.
    var name: Range<Int>
    var value: Value
    /// Line where the statement starts (for error messages).
    var line: Int
    /// View index of the keyword.
    var start: Int
    /// View ranges of the name token and the value token (quotes included).
    var nameToken: Range<Int>
    var valueToken: Range<Int>
    /// View index of the closing `;`.
    var end: Int

    /// View range of the keyword.
    var specToken: Range<Int> { start..<start + spec.rawValue.utf8.count }
    /// View range of the whole statement.
    var span: Range<Int> { start..<end + 1 }
}
