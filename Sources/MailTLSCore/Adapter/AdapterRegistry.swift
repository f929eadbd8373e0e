/// The adapters known to a run, and the choice of one for a file.
public struct AdapterRegistry: Sendable {
    public let adapters: [any Adapter]

    public init(_ adapters: [any Adapter]) {
        self.adapters = adapters
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
        for adapter in adapters {
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
