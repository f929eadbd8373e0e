import SwiftASN1

/// Renders an X.509 Name (a SEQUENCE of SETs of { type, value }) for people, in the order it
/// is stored, as `openssl x509 -subject` does: `C=DE, O=Example GmbH, CN=Profile Signing`.
enum DistinguishedName {
    private static let labels: [ASN1ObjectIdentifier: String] = [
        [2, 5, 4, 3]: "CN", [2, 5, 4, 6]: "C", [2, 5, 4, 7]: "L", [2, 5, 4, 8]: "ST", [2, 5, 4, 10]: "O",
        [2, 5, 4, 11]: "OU", [2, 5, 4, 5]: "serialNumber", [0, 9, 2342, 19_200_300, 100, 1, 25]: "DC",
        [1, 2, 840, 113_549, 1, 9, 1]: "emailAddress",
    ]

    static func render(_ name: ASN1Node) -> String {
        guard case .constructed(let rdns) = name.content else { return "(unreadable name)" }
        var parts: [String] = []
        for rdn in rdns {
            guard case .constructed(let attributes) = rdn.content else { continue }
            for attribute in attributes {
                guard case .constructed(let pair) = attribute.content else { continue }
                let fields = Array(pair)
                guard fields.count == 2, let type = try? ASN1ObjectIdentifier(berEncoded: fields[0]) else { continue }
                parts.append("\(labels[type] ?? type.description)=\(text(fields[1]))")
            }
        }
        return parts.joined(separator: ", ")
    }

    /// A directory string's characters; control characters become `?` so that a hostile
    /// certificate cannot drive the terminal.
    private static func text(_ node: ASN1Node) -> String {
        guard case .primitive(let bytes) = node.content else { return "?" }
        let decoded: String
        if node.identifier == .bmpString {
            let units = stride(from: bytes.startIndex, to: bytes.endIndex - 1, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
            decoded = String(decoding: units, as: UTF16.self)
        } else {
            decoded = String(decoding: bytes, as: UTF8.self)
        }
        return String(String.UnicodeScalarView(decoded.unicodeScalars.map { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) ? "?" : $0 }))
    }
}
