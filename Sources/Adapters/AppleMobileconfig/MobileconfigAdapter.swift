import MailTLSCore
import MailTLSXML

/// Apple configuration profiles (`.mobileconfig`) for iOS, iPadOS and macOS Mail: an XML
/// property list, often wrapped in a CMS SignedData envelope when signed.
///
/// - Every `<dict>` whose `PayloadType` is `com.apple.mail.managed`, at any depth, is a mail
///   account: its `OutgoingMailServer*` keys are an SMTP entry, its `IncomingMailServer*` keys
///   an IMAP or POP entry (`IncomingMailServerAccountType` `EmailTypeIMAP`/`EmailTypePOP`).
///   How each is read and converted: `MailPayloadServer`.
/// - `OutgoingPassword` and `IncomingPassword` are secrets.
/// - A binary property list (`bplist00`) is refused with the command that converts it.
/// - A signed profile (`SignedEnvelope`) is read through its envelope; `inspect` shows the
///   signer. Converting it would break the signature, so it is refused unless the run allows
///   stripping signatures (`--strip-signature`): then the edits also delete the envelope's
///   bytes before and after the profile, so the output is the converted profile, unsigned,
///   and the core still makes it by splicing and verifies it by re-reading it.
public struct MobileconfigAdapter: Adapter {
    /// Whether a signed profile may be written unsigned (`--strip-signature`).
    public var stripSignatures: Bool

    public init(stripSignatures: Bool = false) {
        self.stripSignatures = stripSignatures
    }

    public var name: String { "mobileconfig" }
    public var summary: String { "Apple configuration profile (.mobileconfig, XML plist, signed or not)" }
    public var filePatterns: [String] { ["*.mobileconfig"] }

    static let binaryPlistMagic = Array("bplist00".utf8)
    /// "PayloadType" as bytes in the encodings an XML plist may use (UTF-8, UTF-16LE, UTF-16BE).
    static let payloadTypeMarkers: [[UInt8]] = [
        Array("PayloadType".utf8), TextEncoding.utf16LE.encode("PayloadType"), TextEncoding.utf16BE.encode("PayloadType"),
    ]
    static let mailPayloadType = "com.apple.mail.managed"

    /// A profile names its payloads' types: an XML plist, a binary plist or a CMS envelope
    /// holding `PayloadType` is a profile; other property lists (preferences, Info.plist) and
    /// CMS files (certificate bundles) are not.
    public func detect(_ file: InputFile) -> Detection {
        let bytes = file.bytes
        // The cheap tests on the head first: only a plist or an envelope is searched through.
        let container = bytes.starts(with: Self.binaryPlistMagic) || SignedEnvelope.looksSigned(bytes)
            || XMLSniffer.rootLocalName(of: file) == "plist"
        if container, Self.payloadTypeMarkers.contains(where: { Self.contains(bytes, $0) }) { return .signature }
        return file.nameMatches(filePatterns) ? .nameOnly : .no
    }

    public struct Document: ScannedDocument {
        public var entries: [ServerEntry]
        public var secretRanges: [Range<Int>]
        /// The plist's encoding for `--diff`; nil for a signed profile, whose envelope is binary.
        public var textEncoding: TextEncoding? { envelope == nil ? xml.encoding : nil }
        public var warnings: [String]
        public var conversionWarnings: [String] {
            envelope == nil ? [] : ["signed profile: the signature was removed (--strip-signature); the converted profile is unsigned: re-sign it before handing it out"]
        }
        let xml: XMLDocument
        let servers: [MailPayloadServer]
        /// The envelope around the profile, and so where the plist's bytes start in the file.
        let envelope: SignedEnvelope?
        let fileSize: Int
        var plistOffset: Int { envelope?.content.lowerBound ?? 0 }
    }

    public func scan(_ file: InputFile) throws(InputError) -> Document {
        var plist = file.bytes
        var envelope: SignedEnvelope?
        if SignedEnvelope.looksSigned(file.bytes) {
            let signed = try SignedEnvelope(parsing: file.bytes)
            plist = Array(file.bytes[signed.content])
            envelope = signed
        }
        if plist.starts(with: Self.binaryPlistMagic) {
            throw InputError(.unsupportedFormat, "binary property list: convert it with `plutil -convert xml1` first")
        }
        let xml = try XMLDocument(parsing: plist, root: "plist")
        let shift = envelope?.content.lowerBound ?? 0
        var entries: [ServerEntry] = []
        var servers: [MailPayloadServer] = []
        var secrets: [Range<Int>] = []
        var warnings: [String] = []
        for (index, payload) in try PlistDictionary.all(under: xml.root).filter(Self.isMailPayload).enumerated() {
            let account = payload.string("EmailAccountDescription") ?? payload.string("EmailAddress")
                ?? payload.string("PayloadDisplayName") ?? "mail payload \(index + 1)"
            for key in ["OutgoingPassword", "IncomingPassword"] {
                if let value = payload[key]?.value, !value.valueRange.isEmpty { secrets.append(shifted(value.valueRange, by: shift)) }
            }
            var readings = [MailPayloadServer.read("OutgoingMailServer", .smtp, in: payload, account: account, shift: shift)]
            switch payload.string("IncomingMailServerAccountType") {
            case "EmailTypeIMAP": readings.append(MailPayloadServer.read("IncomingMailServer", .imap, in: payload, account: account, shift: shift))
            case "EmailTypePOP": readings.append(MailPayloadServer.read("IncomingMailServer", .pop3, in: payload, account: account, shift: shift))
            default: break
            }
            for reading in readings {
                switch reading {
                case .server(let server, var entry):
                    if let signer = envelope?.signerSubject { entry.details.append(.init("signer", signer)) }
                    entries.append(entry)
                    servers.append(server)
                case .leftAsIs(let warning): warnings.append(warning)
                case .absent: break
                }
            }
        }
        return Document(
            entries: entries, secretRanges: secrets, warnings: warnings, xml: xml, servers: servers, envelope: envelope,
            fileSize: file.bytes.count)
    }

    static func isMailPayload(_ dictionary: PlistDictionary) -> Bool {
        dictionary.string("PayloadType") == mailPayloadType
    }

    public func edits(for conversions: [Conversion], in document: Document) throws(InputError) -> [ByteEdit] {
        if document.envelope != nil, !stripSignatures {
            throw InputError(.unsupportedFormat, "signed profile: converting removes the signature; use --strip-signature to write an unsigned profile, or re-sign it")
        }
        let shift = document.plistOffset
        var edits = conversions.flatMap { conversion in
            document.servers[conversion.index].edits(toPort: conversion.target.port, in: document.xml).map {
                ByteEdit(replacing: shifted($0.range, by: shift), with: $0.replacement)
            }
        }
        if let envelope = document.envelope {
            edits.append(ByteEdit(replacing: 0..<envelope.content.lowerBound, with: []))
            edits.append(ByteEdit(replacing: envelope.content.upperBound..<document.fileSize, with: []))
        }
        return edits
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return needle.isEmpty }
        var start = 0
        while let found = haystack[start...(haystack.count - needle.count)].firstIndex(of: first) {
            if haystack[found..<(found + needle.count)].elementsEqual(needle) { return true }
            start = found + 1
            if start > haystack.count - needle.count { return false }
        }
        return false
    }
}

public enum AppleMobileconfigModule: AdapterModule {
    public static func adapters(environment: AdapterEnvironment) throws(InputError) -> [any Adapter] {
        [MobileconfigAdapter(stripSignatures: environment.stripSignatures)]
    }
}
