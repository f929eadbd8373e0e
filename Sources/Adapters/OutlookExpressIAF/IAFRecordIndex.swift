import MailTLSCore

/// The records of one export looked up by field id. When an id occurs twice the first record
/// counts (conversion rules §5), for reading and for rewriting alike.
struct IAFRecordIndex: Sendable {
    let bytes: [UInt8]
    let records: [IAFRecord]
    private let firstByID: [UInt32: Int]

    init(bytes: [UInt8], records: [IAFRecord]) {
        self.bytes = bytes
        self.records = records
        var firstByID: [UInt32: Int] = [:]
        for (position, record) in records.enumerated() where firstByID[record.id] == nil {
            firstByID[record.id] = position
        }
        self.firstByID = firstByID
    }

    func first(_ id: UInt32) -> IAFRecord? {
        firstByID[id].map { records[$0] }
    }

    /// A DWORD or BOOL value.
    func number(_ id: UInt32) -> UInt32? {
        first(id)?.number(in: bytes)
    }

    /// A STRING value decoded from the ANSI code page. Japanese Windows writes CP932, and
    /// plain ASCII reads the same in every code page, so CP932 is the one decoding to use.
    func string(_ id: UInt32) -> String? {
        first(id).map { record in
            let raw = record.stringBytes(in: bytes)
            // ASCII (nearly every server and user name) is made here, without the generic
            // code-page decoder.
            return raw.allSatisfy { $0 < 0x80 } ? String(decoding: raw, as: UTF8.self) : TextEncoding.cp932.decode(raw)
        }
    }

    /// A STRING value, or nil when it is absent or empty.
    func nonEmptyString(_ id: UInt32) -> String? {
        string(id).flatMap { $0.isEmpty ? nil : $0 }
    }
}
