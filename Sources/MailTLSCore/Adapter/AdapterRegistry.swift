/// The adapters known to a run, and the choice of one for a file.
public struct AdapterRegistry: Sendable {
    public let adapters: [any Adapter]
    /// How many adapters at the end of `adapters` are generic (profile-driven): they claim a
    /// file at most by `.content`, so they cannot beat a content claim made before them.
    public let genericCount: Int

    public init(_ adapters: [any Adapter], genericCount: Int = 0) {
        self.adapters = adapters
        self.genericCount = min(max(genericCount, 0), adapters.count)
    }

    public func adapter(named name: String) -> (any Adapter)? {
        adapters.first { ByteSearch.equalsIgnoringASCIICase($0.name, name) }
    }

    public enum Choice {
        case adapter(any Adapter)
        /// No adapter recognises the content; `nameHint` is an adapter whose file names fit.
        case unrecognised(nameHint: (any Adapter)?)
    }

    /// Picks the adapter whose detection is strongest, content before name; ties go to the
    /// earlier adapter in the registry. A name match alone never selects an adapter, and a
    /// signature (magic bytes, a root element) cannot be beaten, so the search stops there.
    public func choose(for file: InputFile) -> Choice {
        var best: (any Adapter)?
        var bestDetection = Detection.no
        var nameHint: (any Adapter)?
        let firstGeneric = adapters.count - genericCount
        for (index, adapter) in adapters.enumerated() {
            // A generic adapter's content claim would tie with the earlier one and lose: the
            // line patterns of every profile need not run over a file already claimed.
            if index >= firstGeneric, bestDetection >= .content { break }
            let detection = adapter.detect(file)
            if detection == .signature { return .adapter(adapter) }
            if detection == .nameOnly, nameHint == nil { nameHint = adapter }
            if detection >= .content, detection > bestDetection {
                best = adapter
                bestDetection = detection
            }
        }
        if let best { return .adapter(best) }
        return .unrecognised(nameHint: nameHint ?? adapters.first { file.nameMatches($0.filePatterns) })
    }
}
