import MailTLSCore

/// A settings file read with a profile.
struct KeyValueDocument: ScannedDocument {
    let entries: [ServerEntry]
    let origins: [EntryOrigin]
    let file: ParsedFile
    /// Account blocks that are no entry (no host, a program path) and notes such as git includes.
    let warnings: [String]
    var secretRanges: [Range<Int>] { file.secretRanges }
    var textEncoding: TextEncoding? { file.text.encoding }
}

/// The adapter one profile defines. All format knowledge is in the profile; this type only
/// runs it.
struct KeyValueAdapter: Adapter {
    let profile: Profile

    init(profile: Profile) {
        self.profile = profile
    }

    var name: String { profile.name }
    var summary: String {
        profile.source == "built-in" ? profile.summary : "\(profile.summary) (profile \(profile.source))"
    }
    var filePatterns: [String] { profile.detect.fileNames }
    var definition: [UInt8]? { profile.definition }

    func detect(_ file: InputFile) -> Detection {
        if !profile.detect.markers.isEmpty, !profile.detect.excludes(path: file.name), Self.claims(file, profile.detect) {
            return .content
        }
        return profile.detect.nameMatches(file.name) ? .nameOnly : .no
    }

    /// A marker line, a line for each required marker, and no not-marker line in the head.
    /// First a prefilter (a few `memchr` searches): most files are another format's, and a
    /// marker whose required text is not in the head cannot match. Then one pass over the
    /// head's lines as bytes: UTF-8 as read (UTF-16 transcoded), CP932 decoded to UTF-8 so
    /// that patterns see characters, not trail bytes.
    private static func claims(_ file: InputFile, _ hints: DetectionHints) -> Bool {
        guard hints.markers.contains(where: { $0.mayOccur(in: file) }),
            hints.requiredMarkers.allSatisfy({ $0.mayOccur(in: file) })
        else { return false }
        if file.encoding == .cp932 {
            var head = file.headText
            return head.withUTF8 { claims(lines: $0, hints) }
        }
        return file.headBytes.withUnsafeBufferPointer { claims(lines: $0, hints) }
    }

    private static func claims(lines bytes: UnsafeBufferPointer<UInt8>, _ hints: DetectionHints) -> Bool {
        var scratch = MatchScratch()
        var marked = false
        var required = [Bool](repeating: false, count: hints.requiredMarkers.count)
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
            if end > start {
                let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                if hints.notMarkers.contains(where: { $0.occurs(in: line, &scratch) }) { return false }
                if !marked { marked = hints.markers.contains { $0.occurs(in: line, &scratch) } }
                for index in required.indices where !required[index] {
                    required[index] = hints.requiredMarkers[index].occurs(in: line, &scratch)
                }
            }
            start = end + 1
        }
        return marked && !required.contains(false)
    }

    func scan(_ file: InputFile) throws(InputError) -> KeyValueDocument {
        let text = try ByteText(bytes: file.bytes)
        let parsed = try KeyValueParser(profile: profile).parse(text)
        let resolver = SettingResolver(file: parsed, profile: profile)
        let (entries, origins, warnings) = EntryReader(profile: profile, file: parsed, resolver: resolver).read()
        return KeyValueDocument(entries: entries, origins: origins, file: parsed, warnings: parsed.notes + warnings)
    }

    func edits(for conversions: [Conversion], in document: KeyValueDocument) throws(InputError) -> [ByteEdit] {
        try EditPlanner(profile: profile, document: document).edits(for: conversions)
    }
}
