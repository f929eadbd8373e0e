/// Where one server's settings sit, for the edits that convert it: the statements to change in
/// place, and the statement after which missing ones are inserted.
struct ServerPlan: Sendable {
    var root: ServerRoot
    var key: String
    /// `try_ssl` (SMTP) or `socketType` (incoming).
    var securityAttribute: ServerAttribute
    /// The server's own winning socket-type statement; nil when the value is inherited from
    /// the default branch or not set at all (then a line is inserted; the default is never
    /// edited, other servers share it).
    var ownSecurity: PrefStatement?
    /// The socket type in effect (own, inherited or the built-in 0).
    var socketType: Int
    /// The server's own winning `port` statement, whatever its value.
    var ownPort: PrefStatement?
    /// The statement after whose line an inserted security line goes.
    var anchor: PrefStatement

    /// `mail.smtpserver.<key>.` or `mail.server.<key>.`
    var prefix: String { "\(root.name).\(key)." }
}
