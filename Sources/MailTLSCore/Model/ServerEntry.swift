/// One server setting found in a file: an account's SMTP (or IMAP/POP3) endpoint, with the
/// effective values and where they sit in the original bytes.
///
/// Adapters fill this in during `scan`; the policy reads it; the adapter's `edits` uses the
/// locations. The core never interprets the locations beyond passing them back.
public struct ServerEntry: Sendable, Equatable {
    /// A human label for the account: its display name, section name or key.
    public var account: String
    public var proto: MailProtocol
    /// The server host name, if the file names one.
    public var host: String?
    /// The effective port: the value in the file, else the client's documented default.
    public var port: Int
    /// Byte range of the port value in the file, or nil when the port is absent (default).
    public var portLocation: Range<Int>?
    /// The effective security.
    public var security: Security
    /// Byte range of the value that carries the security choice, when there is one.
    public var securityLocation: Range<Int>?
    /// Extra facts worth showing in `inspect` (e.g. "auth" -> "password"), never secrets.
    public var details: [Detail]
    /// A value of this entry the adapter does not understand, quoted with its place
    /// ("line 9: socketType 'STARTSSL' is not plain, STARTTLS or SSL"). The entry is then left
    /// as is with this as its warning while the rest of the file goes on (rules §7); `port` and
    /// `security` hold what could be read, and `security` is `none` when it is the unknown value.
    public var unknownValue: String?

    public struct Detail: Sendable, Equatable, Codable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public var portIsDefault: Bool { portLocation == nil }

    public init(
        account: String, proto: MailProtocol, host: String?, port: Int, portLocation: Range<Int>?,
        security: Security, securityLocation: Range<Int>? = nil, details: [Detail] = [], unknownValue: String? = nil
    ) {
        self.account = account
        self.proto = proto
        self.host = host
        self.port = port
        self.portLocation = portLocation
        self.security = security
        self.securityLocation = securityLocation
        self.details = details
        self.unknownValue = unknownValue
    }
}
