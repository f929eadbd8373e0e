import MailTLSCore

/// Turns an account export's records into server entries: one per protocol the account has,
/// ordered by where that protocol's first record sits in the file.
enum IAFEntryReader {
    static let unnamedAccount = "(unnamed)"

    static func entries(in index: IAFRecordIndex) -> [ServerEntry] {
        let account = index.nonEmptyString(IAFField.accountName) ?? unnamedAccount
        let present = IAFServerFields.all.filter { $0.isPresent(in: index) }
        let ordered = present.sorted { firstOffset(of: $0, in: index) < firstOffset(of: $1, in: index) }
        return ordered.map { entry(for: $0, account: account, in: index) }
    }

    /// Appending a record never moves this, so a converted file lists its entries in the same
    /// order (the core matches entries by index when it re-reads the output).
    private static func firstOffset(of fields: IAFServerFields, in index: IAFRecordIndex) -> Int {
        fields.ids.compactMap { index.first($0)?.offset }.min() ?? Int.max
    }

    private static func entry(for fields: IAFServerFields, account: String, in index: IAFRecordIndex) -> ServerEntry {
        let portRecord = index.first(fields.port)
        let sslRecord = index.first(fields.secureConnection)
        let port = portRecord.map { Int($0.number(in: index.bytes)) } ?? fields.proto.cleartextPort
        let ssl = sslRecord?.number(in: index.bytes)
        return ServerEntry(
            account: account, proto: fields.proto, host: index.nonEmptyString(fields.server),
            port: port, portLocation: portRecord?.data,
            security: Security.fromSSLFlag(ssl == 1, port: port, protocol: fields.proto),
            securityLocation: sslRecord?.data,
            details: IAFEntryDetails.details(for: fields, ssl: ssl, in: index))
    }
}
