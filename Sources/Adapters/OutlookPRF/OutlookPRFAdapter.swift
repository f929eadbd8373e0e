import MailTLSCore

/// Outlook 2002-2010 profile files (`.prf`, from the Office Customization Tool or written by
/// hand), imported with `outlook.exe /importprf`. See formats/outlook.md §1.
public struct OutlookPRFAdapter: Adapter {
    public let name = "outlook-prf"
    public let summary = "Outlook 2007 profile files (.prf): [AccountN] SMTPPort / SMTPSecureConnection / SMTPUseSSL"
    public let filePatterns = ["*.prf"]

    public init() {}

    public struct Document: ScannedDocument {
        let ini: INIFile
        let servers: [PRFServer]
        public var entries: [ServerEntry] { servers.map(\.entry) }
        /// PRF files carry no account passwords (outlook.md §1.4); a PST `Password=` line might.
        public let secretRanges: [Range<Int>]
        public var textEncoding: TextEncoding? { ini.encoding }
    }

    public func detect(_ file: InputFile) -> Detection {
        if file.headContains(folded: Self.accountList) { return .signature }
        if file.headContains(folded: Self.smtpServer) || (file.headContains(folded: Self.general) && file.headContains(folded: Self.custom)) {
            return file.headContains(folded: Self.bracket) ? .content : .nameOnly
        }
        return file.nameMatches(filePatterns) ? .nameOnly : .no
    }

    // Signatures in lower case, made once (every file of a run is tested against them).
    private static let accountList = Array("[internet account list]".utf8)
    private static let smtpServer = Array("smtpserver=".utf8)
    private static let general = Array("[general]".utf8)
    private static let custom = Array("custom=".utf8)
    private static let bracket = Array("[".utf8)

    public func scan(_ file: InputFile) throws(InputError) -> Document {
        let ini = try INIFile(bytes: file.bytes, encoding: file.encoding)
        guard !ini.sections.isEmpty else {
            throw InputError(.unsupportedFormat, "not a PRF file: no [section] found")
        }
        guard ini.section("Internet Account List") != nil || ini.section("General") != nil
            || ini.sections.contains(where: { $0.first("SMTPServer") != nil })
        else {
            throw InputError(.unsupportedFormat, "not a PRF file: no [General], [Internet Account List] or SMTPServer key")
        }
        let secrets = ini.sections.flatMap { section in
            section.keys.filter { ByteSearch.contains($0.name, ignoringCase: "password") && !$0.value.uppercased().hasPrefix("PT_") && !$0.value.isEmpty }
        }.map { ini.fileRange($0.valueRange) }
        return Document(ini: ini, servers: try PRFAccounts.servers(in: ini), secretRanges: secrets)
    }

    public func edits(for conversions: [Conversion], in document: Document) throws(InputError) -> [ByteEdit] {
        let ini = document.ini
        var edits: [ByteEdit] = []
        var mappingsAdded: Set<String> = []
        for conversion in conversions {
            let server = document.servers[conversion.index]
            let keys = server.keys
            // The four-way key says SSL (1); a boolean UseSSL key is already non-zero.
            if let encryption = server.encryption, ByteSearch.equalsIgnoringASCIICase(encryption.name, keys.secureConnection ?? ""),
                encryption.value != "1"
            {
                edits.append(ByteEdit(replacing: ini.fileRange(encryption.valueRange), with: ini.encoding.encode("1")))
            }
            let port = String(conversion.target.port)
            if let portKey = server.port {
                edits.append(ByteEdit(replacing: ini.fileRange(portKey.valueRange), with: ini.encoding.encode(port)))
                continue
            }
            guard let anchor = server.encryption else {
                throw InputError(.unsupportedFormat, "[\(server.section.name)]: no encryption key to insert \(keys.port) after")
            }
            edits.append(insertLine("\(keys.port)\(anchor.separator)\(port)", after: anchor.line, in: ini))
            // Outlook ignores an account key that its type's section-7 block does not map.
            if let mappingName = server.mappingSection, let mapping = document.ini.section(mappingName),
                mapping.first(keys.port) == nil, mappingsAdded.insert("\(mappingName.lowercased())/\(keys.port.lowercased())").inserted
            {
                // A section that is read as an account cannot also take a `PT_...` mapping line:
                // the line would be that account's port and make the output unreadable.
                if document.servers.contains(where: { ByteSearch.equalsIgnoringASCIICase($0.section.name, mapping.name) }) {
                    throw InputError(.unsupportedFormat, "[\(mapping.name)]: named as the account type of [\(server.section.name)] but is itself an account (it has SMTPServer); cannot add the \(keys.port) mapping")
                }
                let mappingAnchor = mapping.first(anchor.name) ?? mapping.keys.last
                if let mappingAnchor {
                    edits.append(insertLine("\(keys.port)\(mappingAnchor.separator)\(keys.portMapping)", after: mappingAnchor.line, in: ini))
                }
            }
        }
        return edits
    }

    /// A new line after `line`, with its indentation and line ending.
    private func insertLine(_ content: String, after line: INIFile.Line, in ini: INIFile) -> ByteEdit {
        let endOfLine = ini.view.fileOffset(line.next)
        if line.ending == .none {
            let dominant = UTF8View.dominantLineEnding(of: ini.lines)
            return ByteEdit(insertAt: endOfLine, ini.encoding.encode(dominant.rawValue + ini.indentation(of: line) + content))
        }
        return ByteEdit(insertAt: endOfLine, ini.encoding.encode(ini.indentation(of: line) + content + line.ending.rawValue))
    }
}
