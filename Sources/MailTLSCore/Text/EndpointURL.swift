/// A server endpoint written as one value, the way mail clients and relays write them:
///
/// - `scheme://[userinfo@]host[:port][/path][?query]` (mutt `smtp_url`, aerc `outgoing`,
///   OpenSMTPD `relay host`, Roundcube `tls://host:587`),
/// - `[host]:port` (Postfix `relayhost`, where the brackets turn off MX lookups),
/// - `host:port` or a bare `host` (ssmtp `mailhub`).
///
/// Parsed on bytes, and every part is a range into the original bytes, so that a conversion
/// rewrites only the scheme and the port and leaves everything else (user names with their
/// `%40` escapes, paths, queries, the quoting around the value) byte for byte. IPv6 literals
/// are written in brackets (`[2001:db8::1]:587`), as URLs require.
///
/// The parser is deliberately lenient where clients are: the user part ends at the *last* `@`
/// of the authority, because people write `smtp://me@example.com@mail.example.com` and clients
/// accept it. It is strict where a wrong reading would move the wrong thing: a value with
/// blanks or control bytes in its authority, an empty host, or unbalanced brackets is not an
/// endpoint (nil).
public struct EndpointURL: Sendable, Equatable {
    /// The scheme without `://` (`smtp`, `smtps`, `smtp+tls`, `tls` ...), nil when the value has none.
    public var scheme: Range<Int>?
    /// The user part without its `@`, nil when absent. Never interpreted: it may hold secrets.
    public var userinfo: Range<Int>?
    /// The host, without the brackets of an IPv6 literal or a Postfix `[host]`.
    public var host: Range<Int>
    /// Whether the host is written in brackets.
    public var isBracketed: Bool
    /// The bytes after `:` up to the end of the authority, nil when the value has no `:port`.
    /// May be empty or non-numeric: `portNumber` is then nil, and the caller treats the
    /// entry as a value it does not understand.
    public var port: Range<Int>?
    /// The port as a number, when `port` holds 1 to 5 digits with a value in 1...65535.
    public var portNumber: Int?
    /// Where `:port` goes when the value has none: right after the host (and its `]`).
    public var portInsertionOffset: Int
    /// Where the authority ends (a path, query or fragment, if any, starts here).
    public var authorityEnd: Int

    /// Parses `bytes[range]` (the value alone, without quotes or surrounding blanks).
    public static func parse(_ bytes: [UInt8], in range: Range<Int>) -> EndpointURL? {
        guard range.lowerBound >= 0, range.upperBound <= bytes.count, !range.isEmpty else { return nil }
        var index = range.lowerBound
        let end = range.upperBound

        // scheme ":" "//" — a scheme is a letter then letters, digits, '+', '-' or '.'.
        var scheme: Range<Int>?
        if isLetter(bytes[index]) {
            var cursor = index + 1
            while cursor < end, isSchemeByte(bytes[cursor]) { cursor += 1 }
            if cursor + 3 <= end, bytes[cursor] == colon, bytes[cursor + 1] == slash, bytes[cursor + 2] == slash {
                scheme = index..<cursor
                index = cursor + 3
            }
        }

        // The authority runs to the first '/', '?' or '#' (only after a scheme: without one, a
        // value is an authority alone).
        var authorityEnd = index
        while authorityEnd < end {
            let byte = bytes[authorityEnd]
            if scheme != nil, byte == slash || byte == question || byte == hash { break }
            if byte <= space || byte == 0x7F { return nil }
            authorityEnd += 1
        }

        var hostStart = index
        var userinfo: Range<Int>?
        if let at = (index..<authorityEnd).last(where: { bytes[$0] == atSign }) {
            userinfo = index..<at
            hostStart = at + 1
        }
        guard hostStart < authorityEnd else { return nil }

        let host: Range<Int>
        let afterHost: Int
        let bracketed = bytes[hostStart] == openBracket
        if bracketed {
            guard let close = (hostStart + 1..<authorityEnd).first(where: { bytes[$0] == closeBracket }) else { return nil }
            host = (hostStart + 1)..<close
            afterHost = close + 1
        } else {
            let stop = (hostStart..<authorityEnd).first(where: { bytes[$0] == colon }) ?? authorityEnd
            host = hostStart..<stop
            afterHost = stop
        }
        guard !host.isEmpty, !host.contains(where: { bytes[$0] == openBracket || bytes[$0] == closeBracket }) else { return nil }

        var port: Range<Int>?
        var portNumber: Int?
        if afterHost < authorityEnd {
            guard bytes[afterHost] == colon else { return nil }
            let digits = (afterHost + 1)..<authorityEnd
            port = digits
            if (1...5).contains(digits.count), digits.allSatisfy({ isDigit(bytes[$0]) }) {
                let value = digits.reduce(0) { $0 * 10 + Int(bytes[$1] - zero) }
                if (1...65535).contains(value) { portNumber = value }
            }
        }
        return EndpointURL(
            scheme: scheme, userinfo: userinfo, host: host, isBracketed: bracketed, port: port, portNumber: portNumber,
            portInsertionOffset: afterHost, authorityEnd: authorityEnd)
    }

    /// The scheme in lowercase (schemes compare case-insensitively), nil when there is none.
    public func schemeName(in bytes: [UInt8]) -> String? {
        scheme.map { String(decoding: bytes[$0].map { isUpper($0) ? $0 | 0x20 : $0 }, as: UTF8.self) }
    }

    /// The host as text.
    public func hostName(in bytes: [UInt8]) -> String { String(decoding: bytes[host], as: UTF8.self) }

    /// The edits that give this endpoint `newScheme` (replacing the existing scheme; nil keeps
    /// it) and `newPort` (replacing the written port, or inserted as `:port` after the host when
    /// the value has none; nil keeps the port as it is). Nothing else of the value changes.
    public func edits(newScheme: [UInt8]?, newPort: Int?) -> [ByteEdit] {
        var edits: [ByteEdit] = []
        if let newScheme, let scheme { edits.append(ByteEdit(replacing: scheme, with: newScheme)) }
        if let newPort {
            let digits = Array(String(newPort).utf8)
            if let port {
                edits.append(ByteEdit(replacing: port, with: digits))
            } else {
                edits.append(ByteEdit(insertAt: portInsertionOffset, [colon] + digits))
            }
        }
        return edits
    }
}

private let colon = UInt8(ascii: ":"), slash = UInt8(ascii: "/"), question = UInt8(ascii: "?")
private let hash = UInt8(ascii: "#"), atSign = UInt8(ascii: "@"), space = UInt8(ascii: " ")
private let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]"), zero = UInt8(ascii: "0")

private func isDigit(_ byte: UInt8) -> Bool { byte >= zero && byte <= UInt8(ascii: "9") }
private func isUpper(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
private func isLetter(_ byte: UInt8) -> Bool { isUpper(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) }
private func isSchemeByte(_ byte: UInt8) -> Bool {
    isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
}
