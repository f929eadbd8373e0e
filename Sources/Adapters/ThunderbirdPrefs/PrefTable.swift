/// The value each preference name ends up with, and the statement that gives it (rules §5):
/// `lockPref` beats `user_pref` beats `pref`/`sticky_pref`; among statements of one kind the
/// later one wins. A change to a preference is made at its winning statement.
struct PrefTable: Sendable {
    let statements: [PrefStatement]
    private let winners: [String: Int]

    init(_ statements: [PrefStatement]) {
        self.statements = statements
        var winners: [String: Int] = [:]
        for (index, statement) in statements.enumerated() {
            if let current = winners[statement.name], statements[current].spec.rank > statement.spec.rank { continue }
            winners[statement.name] = index
        }
        self.winners = winners
    }

    /// The winning statement for `name`, if the file sets it.
    subscript(name: String) -> PrefStatement? {
        winners[name].map { statements[$0] }
    }

    /// Index into `statements` of the winning statement for `name`.
    func winnerIndex(_ name: String) -> Int? { winners[name] }

    /// The keys `K` of names `<prefix>K.<rest>`, in order of first appearance, without the
    /// `default` branch. Statements are walked in file order (a name's first statement comes
    /// first); the byte test keeps `hasPrefix`'s character rules to the few names it passes.
    func keys(under prefix: String) -> [String] {
        var seen = Set<String>()
        var keys: [String] = []
        for statement in statements {
            let name = statement.name
            guard name.utf8.starts(with: prefix.utf8), name.hasPrefix(prefix) else { continue }
            let rest = name.dropFirst(prefix.count)
            guard let dot = rest.firstIndex(of: "."), dot > rest.startIndex else { continue }
            let key = String(rest[..<dot])
            if key != "default", seen.insert(key).inserted { keys.append(key) }
        }
        return keys
    }
}
