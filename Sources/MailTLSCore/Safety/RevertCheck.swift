/// Decides whether a file may be put back from its `--in-place` backup: only when the file is
/// still exactly what mailtls made from that backup (README, "Before you convert"). "Made from" allows
/// any subset of the entries the rule converts, because the provider table, `--probe` and
/// `--server` may each have held some back in the run that wrote the file.
public enum RevertCheck {
    public struct Finding: Sendable, Equatable {
        /// The current bytes are a conversion of the backup (or the backup itself).
        public var madeByMailtls: Bool
        /// The entries that conversion changed (empty when the file equals its backup).
        public var converted: [FileReport.Change]
    }

    /// Subsets are tried exhaustively up to this many candidate entries (2^10 small
    /// conversions at most); beyond it only "all of them" is tried.
    static let exhaustiveLimit = 10

    public static func check(current: [UInt8], backup: InputFile, adapter: any Adapter, policy: ConversionPolicy) throws(InputError) -> Finding {
        if current == backup.bytes { return Finding(madeByMailtls: true, converted: []) }
        var unfiltered = policy
        unfiltered.serverPatterns = []
        let converter = FileConverter(policy: unfiltered)
        let full = try converter.convert(backup, with: adapter)
        let candidates = full.decisions.indices.filter { full.decisions[$0].isConversion }
        if full.output == current { return Finding(madeByMailtls: true, converted: full.conversions.map(FileReport.Change.init)) }
        guard candidates.count > 1, candidates.count <= exhaustiveLimit else { return Finding(madeByMailtls: false, converted: []) }
        // Proper, non-empty subsets (the full set and the empty one were tried above).
        for mask in 1..<((1 << candidates.count) - 1) {
            let chosen = Set(candidates.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element))
            guard let outcome = try? converter.convert(backup, with: adapter, onlyEntries: chosen) else { continue }
            if outcome.output == current {
                return Finding(madeByMailtls: true, converted: outcome.conversions.map(FileReport.Change.init))
            }
        }
        return Finding(madeByMailtls: false, converted: [])
    }
}
