import MailTLSCore

/// A settings file read with a profile.
struct KeyValueDocument: ScannedDocument {
    let entries: [ServerEntry]
    let origins: [EntryOrigin]
    let file: ParsedFile
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

    func detect(_ file: InputFile) -> Detection {
        let lines = file.headLines
        let markers = profile.detect.markers.map(LinePattern.init)
        let notMarkers = profile.detect.notMarkers.map(LinePattern.init)
        if lines.contains(where: { line in markers.contains { $0.occurs(in: line) } }),
           !lines.contains(where: { line in notMarkers.contains { $0.occurs(in: line) } }) {
            return .content
        }
        return file.nameMatches(filePatterns) ? .nameOnly : .no
    }

    func scan(_ file: InputFile) throws(InputError) -> KeyValueDocument {
        let text = try TextFile(bytes: file.bytes)
        let parsed = try KeyValueParser(profile: profile).parse(text)
        let resolver = SettingResolver(file: parsed, profile: profile)
        let (entries, origins) = try EntryReader(profile: profile, file: parsed, resolver: resolver).read()
        return KeyValueDocument(entries: entries, origins: origins, file: parsed)
    }

    func edits(for conversions: [Conversion], in document: KeyValueDocument) throws(InputError) -> [ByteEdit] {
        try EditPlanner(profile: profile, document: document).edits(for: conversions)
    }
}
