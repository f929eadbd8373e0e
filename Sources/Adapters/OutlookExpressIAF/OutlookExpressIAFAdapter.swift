import MailTLSCore

/// Outlook Express 5/6 account exports (Tools > Accounts > Export): a binary `.iaf` file of
/// `id, length, data` records. SMTP (and on request POP3/IMAP) moves to implicit TLS by
/// changing the 4 value bytes of the port record, or appending one when it is absent.
public struct OutlookExpressIAFAdapter: Adapter {
    public init() {}

    public var name: String { "outlook-express-iaf" }
    public var summary: String { "Outlook Express 5/6 account export (.iaf, binary records)" }
    public var filePatterns: [String] { ["*.iaf"] }

    public func detect(_ file: InputFile) -> Detection {
        if IAFParser.hasHeader(file.bytes) { return .signature }
        return file.nameMatches(filePatterns) ? .nameOnly : .no
    }

    public func scan(_ file: InputFile) throws(InputError) -> OutlookExpressIAFDocument {
        let records = try IAFParser.records(of: file.bytes)
        let index = IAFRecordIndex(bytes: file.bytes, records: records)
        return OutlookExpressIAFDocument(
            entries: IAFEntryReader.entries(in: index),
            secretRanges: records.filter { $0.type == .password && !$0.data.isEmpty }.map(\.data),
            fileLength: file.bytes.count)
    }

    public func edits(for conversions: [Conversion], in document: OutlookExpressIAFDocument) throws(InputError) -> [ByteEdit] {
        var edits: [ByteEdit] = []
        for conversion in conversions {
            let proto = conversion.entry.proto
            let port = conversion.target.port
            // OE's SSL checkbox means implicit TLS only on the protocol's own implicit-TLS port
            // (STARTTLS anywhere else, per Thunderbird's reading of OE), and the SSL record
            // is already 1 for any entry that converts; so the port is all there is to write.
            guard port == proto.implicitTLSPort, conversion.target.security == .tls else {
                throw InputError(
                    .invalidValue,
                    "\(conversion.entry.account): Outlook Express uses implicit TLS for \(proto.rawValue.uppercased()) only on port \(proto.implicitTLSPort) (its SSL box means STARTTLS on any other port); cannot convert to port \(port)")
            }
            let value = uint32LEBytes(UInt32(port))
            if let location = conversion.entry.portLocation {
                edits.append(ByteEdit(replacing: location, with: value))
            } else {
                // Absent means the default port: add a DWORD record after the last one (rules
                // §3). Appends at one offset keep their order, which is entry order.
                let id = IAFServerFields.fields(for: proto).port
                edits.append(ByteEdit(insertAt: document.fileLength, uint32LEBytes(id) + uint32LEBytes(4) + value))
            }
        }
        return edits
    }
}
