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
        var defaults: [Int] = []
        var byKind = [[Int]](repeating: [], count: profile.sections.count)
        for index in file.blocks.indices {
            if file.blocks[index].role == .defaults { defaults.append(index) }
            byKind[file.blocks[index].kind].append(index)
        }
        // The section kind each kind falls back to, by index.
        let fallbacks = profile.sections.map { kind in kind.fallback.flatMap { name in profile.sections.firstIndex { $0.kind == name } } }
        let context = Context(file: file, defaults: defaults, byKind: byKind, fallbacks: fallbacks)
        var visited = [Bool](repeating: false, count: file.blocks.count)
        var sources: [[Source]] = []
        sources.reserveCapacity(file.blocks.count)
        for block in file.blocks.indices {
            var chain: [Source] = []
            var touched: [Int] = []
            Self.chain(block, context, &visited, &touched, into: &chain)
            for index in touched { visited[index] = false }
            sources.append(chain)
        }
        self.sources = sources
    }

    private struct Context {
        let file: ParsedFile
        let defaults: [Int]
        let byKind: [[Int]]
        let fallbacks: [Int?]
    }

    private static func chain(_ block: Int, _ context: Context, _ visited: inout [Bool], _ touched: inout [Int], into result: inout [Source]) {
        guard !visited[block] else { return }
        visited[block] = true
        touched.append(block)
        let current = context.file.blocks[block]
        result.append(Source(block: block, before: nil))
        for parent in current.parents.reversed() {
            chain(parent, context, &visited, &touched, into: &result)
        }
        if let fallback = context.fallbacks[current.kind] {
            for other in context.byKind[fallback] {
                chain(other, context, &visited, &touched, into: &result)
            }
        }
        if current.role == .account, let header = current.headers.first {
            for index in context.defaults.reversed() { result.append(Source(block: index, before: header)) }
        }
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
