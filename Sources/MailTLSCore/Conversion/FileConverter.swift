/// The pure part of converting one file: scan, decide, edit, splice, verify. No I/O.
public struct FileConverter: Sendable {
    public var policy: ConversionPolicy
    /// Provider table and probe results (README, "Before you convert"); none by default.
    public var safety: SafetyCheck

    public init(policy: ConversionPolicy, safety: SafetyCheck = SafetyCheck()) {
        self.policy = policy
        self.safety = safety
    }

    /// What converting a file found and produced.
    public struct Outcome: Sendable {
        public var format: String
        public var decisions: [Decision]
        /// The converted bytes, or nil when nothing needs to change.
        public var output: [UInt8]?
        /// The edits that made `output` from the input (empty when unchanged).
        public var edits: [ByteEdit] = []
        /// Converted entries removed as duplicates of another entry instead of converted.
        public var removals: [Removal] = []
        public var secretRanges: [Range<Int>]
        public var textEncoding: TextEncoding?
        /// The scan's own warnings (entries left as is, notes), plus the adapter's
        /// `conversionWarnings` when there is an output; before the decisions'.
        public var scanWarnings: [String] = []

        public var conversions: [Decision] { decisions.filter(\.isConversion) }
        public var warnings: [String] { scanWarnings + decisions.flatMap(\.warnings) }

        /// The conversions as reported, removed duplicates marked.
        public var changes: [FileReport.Change] {
            let removed = Set(removals.map(\.index))
            return decisions.indices.filter { decisions[$0].isConversion }.map { index in
                var change = FileReport.Change(decisions[index])
                change.removed = removed.contains(index)
                return change
            }
        }
    }

    public func convert(_ file: InputFile, with adapter: any Adapter) throws(InputError) -> Outcome {
        try run(adapter, file, only: nil)
    }

    /// Converts only the entries at `indexes` among those the policy converts: `revert` uses
    /// it to find which of a backup's entries a run converted (the others were held back by
    /// the provider table, the probe or `--server`).
    public func convert(_ file: InputFile, with adapter: any Adapter, onlyEntries indexes: Set<Int>) throws(InputError) -> Outcome {
        try run(adapter, file, only: indexes)
    }

    private func run<A: Adapter>(_ adapter: A, _ file: InputFile, only: Set<Int>?) throws(InputError) -> Outcome {
        let document = try adapter.scan(file)
        var decisions = safety.review(document.entries.map(policy.decide))
        if let only {
            for index in decisions.indices where decisions[index].isConversion && !only.contains(index) {
                decisions[index].verdict = .hostNotSelected
                decisions[index].target = nil
            }
        }
        let conversions = decisions.enumerated().compactMap { index, decision in
            decision.target.map { Conversion(index: index, entry: decision.entry, target: $0) }
        }
        var outcome = Outcome(
            format: adapter.name, decisions: decisions, output: nil,
            secretRanges: document.secretRanges, textEncoding: document.textEncoding, scanWarnings: document.warnings)
        guard !conversions.isEmpty else { return outcome }
        let removals = adapter.removals(for: conversions, in: document)
        try Self.check(removals, of: conversions, entryCount: document.entries.count, adapter: adapter.name)
        let edits = try adapter.edits(for: conversions, in: document)
        let output: [UInt8]
        do {
            output = try splice(file.bytes, edits)
        } catch {
            throw InputError(.unsupportedFormat, "internal error: \(error) (\(adapter.name)); nothing written")
        }
        try verify(output, of: file, by: adapter, entryCount: document.entries.count, expecting: conversions, removals: removals)
        outcome.output = output == file.bytes ? nil : output
        outcome.edits = outcome.output == nil ? [] : edits
        outcome.removals = outcome.output == nil ? [] : removals
        if outcome.output != nil { outcome.scanWarnings += document.conversionWarnings }
        return outcome
    }

    /// An adapter may remove only converted entries, each once, and only in favour of an entry
    /// that stays.
    private static func check(_ removals: [Removal], of conversions: [Conversion], entryCount: Int, adapter: String) throws(InputError) {
        let converted = Set(conversions.map(\.index))
        let removed = Set(removals.map(\.index))
        for removal in removals where !converted.contains(removal.index) || removed.contains(removal.twin)
            || !(0..<entryCount).contains(removal.twin) || removed.count != removals.count
        {
            throw InputError(.unsupportedFormat, "internal error: entry \(removal.index) cannot be removed for entry \(removal.twin) (\(adapter)); nothing written")
        }
    }

    /// Re-reads the output and checks that it parses, has the same entries less the removed
    /// ones, that every converted entry now sits at its target, and that the twin of every
    /// removed entry (same protocol and host) sits at the removed entry's target. A converter
    /// bug then ends in an error and an untouched file instead of a bad file a user re-imports.
    private func verify<A: Adapter>(
        _ output: [UInt8], of file: InputFile, by adapter: A, entryCount: Int, expecting conversions: [Conversion],
        removals: [Removal]
    ) throws(InputError) {
        let rescanned: A.Document
        do {
            rescanned = try adapter.scan(InputFile(name: file.name, bytes: output))
        } catch {
            throw InputError(.unsupportedFormat, "internal error: converted output does not parse (\(error.message)); nothing written")
        }
        guard rescanned.entries.count == entryCount - removals.count else {
            throw InputError(.unsupportedFormat, "internal error: converted output has \(rescanned.entries.count) entries, input \(entryCount) less \(removals.count) removed; nothing written")
        }
        // Where each input entry is in the output: entries after a removed one move up.
        let removed = Set(removals.map(\.index))
        var position: [Int] = []
        var next = 0
        for index in 0..<entryCount {
            position.append(next)
            if !removed.contains(index) { next += 1 }
        }
        let twins = Dictionary(removals.map { ($0.index, $0.twin) }, uniquingKeysWith: { first, _ in first })
        for conversion in conversions {
            let twin = twins[conversion.index]
            let after = rescanned.entries[position[twin ?? conversion.index]]
            if twin != nil, after.proto != conversion.entry.proto
                || after.host?.lowercased() != conversion.entry.host?.lowercased()
            {
                throw InputError(.unsupportedFormat, "internal error: \(conversion.entry.account) was removed, but the entry kept for it is another server; nothing written")
            }
            // A boolean SSL flag reads back as `tls` only on the protocol's implicit-TLS port;
            // on a custom `--to-port` it reads as encrypted, which is all a flag can say.
            let securityOK = conversion.target.port == after.proto.implicitTLSPort
                ? after.security == conversion.target.security : after.security.isEncrypted
            guard after.port == conversion.target.port, securityOK else {
                throw InputError(.unsupportedFormat, "internal error: \(conversion.entry.account) did not convert (now port \(after.port), \(after.security.rawValue)); nothing written")
            }
        }
    }
}
