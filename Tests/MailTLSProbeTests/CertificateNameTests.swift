@testable import MailTLSProbe
import Testing

/// The name check the probe does after the handshake (RFC 6125: exact, or a wildcard for the
/// whole left-most label), and how IP address names are written.
@Suite struct CertificateNameTests {
    @Test(arguments: [
        ("smtp.example.com", ["smtp.example.com"], true),
        ("SMTP.Example.com.", ["smtp.example.com"], true),
        ("smtp.example.com", ["*.example.com"], true),
        ("example.com", ["*.example.com"], false),
        ("a.b.example.com", ["*.example.com"], false),
        ("smtp.customer.example", ["*.shared-host.example", "shared-host.example"], false),
        ("localhost", [], false),
    ])
    func coverage(host: String, names: [String], covered: Bool) {
        #expect(CertificateNames.cover(host, names) == covered)
    }

    @Test func ipAddressNames() {
        #expect(CertificateNames.ipAddress([127, 0, 0, 1]) == "127.0.0.1")
        #expect(CertificateNames.ipAddress([0x20, 0x01, 0x0d, 0xb8] + Array(repeating: 0, count: 11) + [1]) == "2001:db8:0:0:0:0:0:1")
    }
}
