/// Finds the value a key has for an account: in its own block, else in the blocks it
/// inherits from, in the client's order of precedence:
/// own block > parents (last listed first, each with its own inheritance) > fallback sections
/// (git identities fall back to `[sendemail]`) > `defaults` blocks written above the account.
///
/// Edit planning passes `planned` values (block -> key -> value) to see the file as it will be
/// after earlier conversions, so an account that inherits a converted value needs no edit.
struct SettingResolver {
    struct Found {
        /// The value text ("" for a key written without a value).
        let value: String
        /// The line that sets it; nil for a planned value.
        let setting: Setting?
        let block: Int
    }

    private struct Source {
        let block: Int
        /// Only lines above this logical line count (a `defaults` block as it stood when the
        /// account was declared).
        let before: Int?
    }

    let file: ParsedFile
    private let sources: [[Source]]

    init(file: ParsedFile, profile: Profile) {
        self.file = file
        let defaults = file.blocks.indices.filter { file.blocks[$0].role == .defaults }
        let byKind = Dictionary(grouping: file.blocks.indices) { profile.sections[file.blocks[$0].kind].kind }
        var sources: [[Source]] = []
        for block in file.blocks.indices {
            var visited = Set<Int>()
            sources.append(Self.chain(block, Context(file: file, profile: profile, defaults: defaults, byKind: byKind), &visited))
        }
        self.sources = sources
    }

    private struct Context {
        let file: ParsedFile
        let profile: Profile
        let defaults: [Int]
        let byKind: [String: [Int]]
    }

    private static func chain(_ block: Int, _ context: Context, _ visited: inout Set<Int>) -> [Source] {
        guard visited.insert(block).inserted else { return [] }
        let current = context.file.blocks[block]
        var result = [Source(block: block, before: nil)]
        for parent in current.parents.reversed() {
            result += chain(parent, context, &visited)
        }
        if let fallback = context.profile.sections[current.kind].fallback {
            for other in context.byKind[fallback] ?? [] {
                result += chain(other, context, &visited)
            }
        }
        if current.role == .account, let header = current.headers.first {
            result += context.defaults.reversed().map { Source(block: $0, before: header) }
        }
        return result
    }

    /// How many blocks `block` inherits through (0 for a block that inherits nothing).
    func depth(of block: Int) -> Int {
        Set(sources[block].map(\.block)).count - 1
    }

    func lookup(_ key: String, for block: Int, planned: [Int: [String: String]] = [:]) -> Found? {
        let lookupKey = key.lowercased()
        for source in sources[block] {
            if let value = planned[source.block]?[lookupKey] { return Found(value: value, setting: nil, block: source.block) }
            let settings = file.blocks[source.block].settings
            let limit = source.before ?? Int.max
            if let setting = settings.last(where: { $0.lookupKey == lookupKey && $0.line < limit }) {
                return Found(value: setting.value?.text ?? "", setting: setting, block: source.block)
            }
        }
        return nil
    }
}
