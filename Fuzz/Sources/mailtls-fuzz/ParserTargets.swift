import MailTLS

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Fuzz targets for parsers that are not adapters, selected like adapters by
/// `MAILTLS_FUZZ_ADAPTER=<name>` and listed by `--list-adapters`, so scripts/fuzz.sh runs
/// them the same way (seeds from Tests/Fixtures/<name>/).
enum ParserTargets {
    static let all: [String: @Sendable ([UInt8]) -> Void] = [
        "endpoint-url": endpointURL,
    ]

    /// The parser under test when `MAILTLS_FUZZ_ADAPTER` names one, else nil (an adapter).
    static let selected: (@Sendable ([UInt8]) -> Void)? = getenv("MAILTLS_FUZZ_ADAPTER").flatMap { all[String(cString: $0)] }

    /// `EndpointURL`: parts lie inside the value, in order; rewriting the scheme and port
    /// gives a value that parses again with the same user, host and the new port, and whose
    /// other bytes are unchanged.
    static func endpointURL(_ bytes: [UInt8]) {
        guard let endpoint = EndpointURL.parse(bytes, in: 0..<bytes.count) else { return }
        let parts = [endpoint.scheme, endpoint.userinfo, endpoint.host, endpoint.port].compactMap { $0 }
        for part in parts where part.lowerBound < 0 || part.upperBound > bytes.count { trap("part \(part) outside the value") }
        for (a, b) in zip(parts, parts.dropFirst()) where a.upperBound > b.lowerBound { trap("parts out of order") }
        let edits = endpoint.edits(newScheme: endpoint.scheme == nil ? nil : Array("smtps".utf8), newPort: 465)
        guard let output = try? splice(bytes, edits) else { trap("edits do not splice") }
        guard let again = EndpointURL.parse(output, in: 0..<output.count) else { trap("rewritten value does not parse") }
        if again.portNumber != 465 { trap("rewritten port is \(String(describing: again.portNumber))") }
        if output[again.host] != bytes[endpoint.host] { trap("host changed") }
        if again.userinfo.map({ output[$0] }) != endpoint.userinfo.map({ bytes[$0] }) { trap("user part changed") }
        if output[again.authorityEnd...] != bytes[endpoint.authorityEnd...] { trap("path or query changed") }
    }

    private static func trap(_ message: String) -> Never {
        let line = Array("mailtls-fuzz: FINDING: \(message)\n".utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        fatalError(message)
    }
}
