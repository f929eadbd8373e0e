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

    /// Every distinct preference name, in the order of its first statement.
    var namesInFileOrder: [String] {
        var seen = Set<String>()
        return statements.compactMap { seen.insert($0.name).inserted ? $0.name : nil }
    }

    /// The keys `K` of names `<prefix>K.<rest>`, in order of first appearance, without the
    /// `default` branch.
    func keys(under prefix: String) -> [String] {
        var seen = Set<String>()
        var keys: [String] = []
        for name in namesInFileOrder where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let dot = rest.firstIndex(of: "."), dot > rest.startIndex else { continue }
            let key = String(rest[..<dot])
            if key != "default", seen.insert(key).inserted { keys.append(key) }
        }
        return keys
    }
}
