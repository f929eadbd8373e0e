import MailTLSCore
import Testing

/// URL-like endpoint values: which bytes are scheme, user, host and port, and the edits that
/// move an endpoint to another scheme and port without touching anything else.
@Suite struct EndpointURLTests {
    private func parse(_ text: String) -> (EndpointURL, [UInt8])? {
        let bytes = Array(text.utf8)
        return EndpointURL.parse(bytes, in: 0..<bytes.count).map { ($0, bytes) }
    }

    private func text(_ bytes: [UInt8], _ range: Range<Int>?) -> String? {
        range.map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    /// Applies `edits` with the core's splice and returns the text.
    private func rewritten(_ text: String, scheme: String?, port: Int?) throws -> String {
        let (endpoint, bytes) = try #require(parse(text))
        let edits = endpoint.edits(newScheme: scheme.map { Array($0.utf8) }, newPort: port)
        return String(decoding: try splice(bytes, edits), as: UTF8.self)
    }

    @Test(arguments: [
        // value, scheme, user, host, port text, port number, bracketed
        ("smtp://user@smtp.example.com:587/", "smtp", "user", "smtp.example.com", "587", 587, false),
        ("smtps://smtp.example.com", "smtps", nil, "smtp.example.com", nil, nil, false),
        ("smtp+tls://label@relay.example.net:587", "smtp+tls", "label", "relay.example.net", "587", 587, false),
        ("SMTP://Mail.Example.COM:25", "SMTP", nil, "Mail.Example.COM", "25", 25, false),
        ("smtp://me%40example.com@mail.example.com:587/", "smtp", "me%40example.com", "mail.example.com", "587", 587, false),
        ("smtp://me@example.com@mail.example.com:587", "smtp", "me@example.com", "mail.example.com", "587", 587, false),
        ("smtp://[2001:db8::1]:587/", "smtp", nil, "2001:db8::1", "587", 587, true),
        ("[::1]:587", nil, nil, "::1", "587", 587, true),
        ("[smtp.example.com]:587", nil, nil, "smtp.example.com", "587", 587, true),
        ("[smtp.example.com]", nil, nil, "smtp.example.com", nil, nil, true),
        ("smtp.example.com:587", nil, nil, "smtp.example.com", "587", 587, false),
        ("smtp.example.com", nil, nil, "smtp.example.com", nil, nil, false),
        ("tls://mail.example.com:587?verify=0", "tls", nil, "mail.example.com", "587", 587, false),
        ("smtp://host:submission", "smtp", nil, "host", "submission", nil, false),
        ("smtp://host:99999", "smtp", nil, "host", "99999", nil, false),
        ("smtp://host:", "smtp", nil, "host", "", nil, false),
    ] as [(String, String?, String?, String, String?, Int?, Bool)])
    func partsAreFound(_ value: String, _ scheme: String?, _ user: String?, _ host: String, _ port: String?, _ number: Int?, _ bracketed: Bool) throws {
        let (endpoint, bytes) = try #require(parse(value))
        #expect(text(bytes, endpoint.scheme) == scheme)
        #expect(text(bytes, endpoint.userinfo) == user)
        #expect(endpoint.hostName(in: bytes) == host)
        #expect(text(bytes, endpoint.port) == port)
        #expect(endpoint.portNumber == number)
        #expect(endpoint.isBracketed == bracketed)
    }

    @Test(arguments: ["", "smtp://", "smtp://:587", "smtp://user@", "[::1", "smtp://host name:587", "smtp://[::1]x:587", "smtp://a]b:1", "host\t:587"])
    func nonEndpointsAreRejected(_ value: String) {
        #expect(parse(value) == nil)
    }

    @Test func schemeNamesCompareInLowercase() throws {
        let (endpoint, bytes) = try #require(parse("SMTP+StartTLS://h"))
        #expect(endpoint.schemeName(in: bytes) == "smtp+starttls")
    }

    @Test func rewritingChangesOnlySchemeAndPort() throws {
        #expect(try rewritten("smtp://me%40example.com@mail.example.com:587/path?q=1", scheme: "smtps", port: 465)
            == "smtps://me%40example.com@mail.example.com:465/path?q=1")
        #expect(try rewritten("smtp+tls://label@relay.example.net:587", scheme: "smtps", port: 465) == "smtps://label@relay.example.net:465")
        #expect(try rewritten("[smtp.example.com]:587", scheme: nil, port: 465) == "[smtp.example.com]:465")
        #expect(try rewritten("smtp://[2001:db8::1]:587/", scheme: "smtps", port: 465) == "smtps://[2001:db8::1]:465/")
    }

    @Test func aMissingPortIsInsertedAfterTheHost() throws {
        #expect(try rewritten("smtp.example.com", scheme: nil, port: 465) == "smtp.example.com:465")
        #expect(try rewritten("[smtp.example.com]", scheme: nil, port: 465) == "[smtp.example.com]:465")
        #expect(try rewritten("tls://mail.example.com/", scheme: "ssl", port: 465) == "ssl://mail.example.com:465/")
        #expect(try rewritten("smtp://u@h", scheme: "smtps", port: nil) == "smtps://u@h")
    }

    @Test func rangesAreOffsetsIntoTheWholeBuffer() throws {
        let line = Array(#"set smtp_url = "smtp://u@h:587/""#.utf8)
        let start = try #require(line.firstIndex(of: UInt8(ascii: "s"), after: 10)), stop = line.count - 1
        let endpoint = try #require(EndpointURL.parse(line, in: start..<stop))
        #expect(String(decoding: line[endpoint.port!], as: UTF8.self) == "587")
        #expect(String(decoding: try splice(line, endpoint.edits(newScheme: Array("smtps".utf8), newPort: 465)), as: UTF8.self)
            == #"set smtp_url = "smtps://u@h:465/""#)
    }
}

private extension Array where Element == UInt8 {
    func firstIndex(of byte: UInt8, after offset: Int) -> Int? { self[offset...].firstIndex(of: byte) }
}
