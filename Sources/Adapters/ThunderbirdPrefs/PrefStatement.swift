/// One `SPEC(NAME, VALUE);` statement of a prefs.js / user.js file.
struct PrefStatement: Sendable, Equatable {
    /// The statement keyword. Its rank orders competing statements for one name (rules §5):
    /// `lockPref` > `user_pref` > `pref` (`sticky_pref` is a default-branch `pref`).
    enum Spec: String, Sendable, CaseIterable {
        case pref
        case stickyPref = "sticky_pref"
        case userPref = "user_pref"
        case lockPref

        var rank: Int {
            switch self {
            case .pref, .stickyPref: 0
            case .userPref: 1
            case .lockPref: 2
            }
        }
    }

    enum Value: Sendable, Equatable {
        case string(String)
        case integer(Int)
        case boolean(Bool)

        var integer: Int? {
            if case .integer(let value) = self { return value }
            return nil
        }

        var string: String? {
            if case .string(let value) = self { return value }
            return nil
        }
    }

    var spec: Spec
    var name: String
    var value: Value
    /// The keyword token, the name token and the value token (quotes included).
    var specToken: PrefToken
    var nameToken: PrefToken
    var valueToken: PrefToken
    /// The closing `;`.
    var endToken: PrefToken

    /// Line where the statement starts (for error messages).
    var line: Int { specToken.line }
    /// Quote character of the name, to copy into inserted statements.
    var nameQuote: Unicode.Scalar {
        if case .string(_, let quote) = nameToken.kind { return quote }
        return "\""
    }
}
