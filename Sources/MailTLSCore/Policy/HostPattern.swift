/// A `--server` glob: `*` matches any run of characters, `?` one character; case-insensitive,
/// matched against the whole host name.
public struct HostPattern: Sendable, Equatable, CustomStringConvertible {
    public let pattern: String
    private let characters: [Character]

    public init(_ pattern: String) {
        self.pattern = pattern
        self.characters = Array(pattern.lowercased())
    }

    public var description: String { pattern }

    public func matches(_ host: String) -> Bool {
        let text = Array(host.lowercased())
        // Iterative glob matching with single-star backtracking: linear in practice and no
        // recursion, so a hostile pattern cannot blow the stack.
        var t = 0, p = 0
        var starP = -1, starT = 0
        while t < text.count {
            if p < characters.count, characters[p] == "?" || characters[p] == text[t] {
                t += 1
                p += 1
            } else if p < characters.count, characters[p] == "*" {
                starP = p
                starT = t
                p += 1
            } else if starP >= 0 {
                p = starP + 1
                starT += 1
                t = starT
            } else {
                return false
            }
        }
        while p < characters.count, characters[p] == "*" { p += 1 }
        return p == characters.count
    }
}
