import MailTLSCore
import SwiftASN1

/// The CMS SignedData envelope (RFC 5652 §5) that a signed configuration profile is wrapped
/// in, read with swift-asn1's BER parser (DER is BER; profiles signed by streaming tools use
/// indefinite lengths, which BER allows).
///
/// Only what the adapter needs is read: where the embedded profile's bytes are, and the signer
/// certificate's subject for `inspect`. The signature is not verified: mailtls never trusts
/// the envelope, it only unwraps it on request (`--strip-signature`).
///
/// The profile must be one primitive OCTET STRING, or a constructed one of a single piece (as
/// streaming signers such as `openssl cms -stream` write small profiles), so that its bytes lie
/// contiguous in the file and converting is "delete the envelope before and after, edit the
/// values inside". Content stored in several pieces is refused with a message that says how
/// to unwrap it first.
struct SignedEnvelope: Sendable {
    /// Byte range of the embedded profile in the file.
    let content: Range<Int>
    /// The signer certificate's subject ("C=DE, O=Example, CN=Profile Signing"), nil when the
    /// envelope carries no certificate for the signer.
    let signerSubject: String?

    static let signedData: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 7, 2]

    /// The DER of the signedData object identifier (06 09 2A 86 48 86 F7 0D 01 07 02): what
    /// detection looks for near the start, before any parsing.
    private static let signedDataOIDBytes: [UInt8] = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02]

    /// Whether `bytes` start like a CMS SignedData ContentInfo: a SEQUENCE whose first element
    /// (within the first 16 bytes, whatever the length form) is the signedData OID.
    static func looksSigned(_ bytes: [UInt8]) -> Bool {
        guard bytes.first == 0x30 else { return false }
        let head = bytes.prefix(16 + signedDataOIDBytes.count)
        return head.indices.contains { start in
            head[start...].starts(with: signedDataOIDBytes)
        }
    }

    private init(content: Range<Int>, signerSubject: String?) {
        self.content = content
        self.signerSubject = signerSubject
    }

    init(parsing bytes: [UInt8]) throws(InputError) {
        do {
            self = try Self.read(try BER.parse(bytes))
        } catch let error as InputError {
            throw error
        } catch let error as ASN1Error {
            throw InputError(.syntax, "signed profile: malformed DER envelope (\(error.code))")
        } catch {
            throw InputError(.syntax, "signed profile: malformed DER envelope")
        }
    }

    /// ContentInfo { contentType, [0] EXPLICIT SignedData }.
    private static func read(_ root: ASN1Node) throws -> SignedEnvelope {
        let info = try children(of: root, .sequence, "ContentInfo")
        guard info.count == 2 else { throw malformed("ContentInfo has \(info.count) fields, not 2") }
        let type = try ASN1ObjectIdentifier(berEncoded: info[0])
        guard type == signedData else {
            throw InputError(.unsupportedFormat, "CMS envelope of type \(type), not a signed profile (SignedData)")
        }
        let wrapper = try children(of: info[1], ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific), "ContentInfo content")
        guard wrapper.count == 1 else { throw malformed("ContentInfo content holds \(wrapper.count) values, not 1") }
        return try readSignedData(wrapper[0])
    }

    /// SignedData { version, digestAlgorithms, encapContentInfo, [0] certificates OPTIONAL,
    /// [1] crls OPTIONAL, signerInfos }.
    private static func readSignedData(_ node: ASN1Node) throws -> SignedEnvelope {
        let fields = try children(of: node, .sequence, "SignedData")
        guard fields.count >= 4 else { throw malformed("SignedData has \(fields.count) fields, not at least 4") }
        let content = try readContent(fields[2])
        let certificates = try fields.first { $0.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) }
            .map { try children(of: $0, $0.identifier, "certificates").compactMap(Certificate.init) } ?? []
        let signer = try signerIdentifier(fields.last!)
        let certificate = certificates.first { cert in signer.map { cert.matches($0) } ?? false }
            ?? (certificates.count == 1 ? certificates[0] : nil)
        return SignedEnvelope(content: content, signerSubject: certificate.map { DistinguishedName.render($0.subject) })
    }

    /// EncapsulatedContentInfo { eContentType, [0] EXPLICIT OCTET STRING OPTIONAL }: the byte
    /// range of the profile.
    private static func readContent(_ node: ASN1Node) throws -> Range<Int> {
        let fields = try children(of: node, .sequence, "EncapsulatedContentInfo")
        guard fields.count == 2 else {
            throw InputError(.unsupportedFormat, "signed profile: detached signature, the profile is not inside the envelope")
        }
        let wrapper = try children(of: fields[1], ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific), "eContent")
        guard wrapper.count == 1, wrapper[0].identifier == .octetString else {
            throw malformed("eContent is not one OCTET STRING")
        }
        var octets = wrapper[0]
        // Streaming signers (openssl cms -stream) write a constructed OCTET STRING; with one
        // piece, that piece is the whole profile, contiguous as ever.
        if case .constructed(let pieces) = octets.content, let only = pieces.first(where: { _ in true }),
            Array(pieces).count == 1, only.identifier == .octetString
        {
            octets = only
        }
        guard case .primitive(let bytes) = octets.content else {
            throw InputError(
                .unsupportedFormat,
                "signed profile: the profile is stored in pieces (BER constructed OCTET STRING) and cannot be edited in place; unwrap it first (openssl cms -verify -noverify -inform DER -in FILE -out PLAIN.mobileconfig)")
        }
        return bytes.startIndex..<bytes.endIndex
    }

    /// The last SignedData field, signerInfos: the first SignerInfo's issuer and serial number
    /// (nil when it names its certificate by subject key identifier instead).
    private static func signerIdentifier(_ node: ASN1Node) throws -> (issuer: ArraySlice<UInt8>, serial: ArraySlice<UInt8>)? {
        let signers = try children(of: node, .set, "signerInfos")
        guard let first = signers.first else { return nil }
        let fields = try children(of: first, .sequence, "SignerInfo")
        guard fields.count >= 2, fields[1].identifier == .sequence, case .constructed(let sid) = fields[1].content else { return nil }
        let parts = Array(sid)
        guard parts.count == 2, case .primitive(let serial) = parts[1].content else { return nil }
        return (parts[0].encodedBytes, serial)
    }

    /// The children of a constructed node with identifier `identifier`.
    private static func children(of node: ASN1Node, _ identifier: ASN1Identifier, _ what: String) throws -> [ASN1Node] {
        guard node.identifier == identifier, case .constructed(let nodes) = node.content else {
            throw malformed("\(what) is not a constructed \(identifier)")
        }
        return Array(nodes)
    }

    private static func malformed(_ what: String) -> InputError {
        InputError(.syntax, "signed profile: malformed CMS envelope: \(what)")
    }
}

/// The fields of an X.509 certificate the envelope needs: who issued it, its serial number
/// (to match the signer) and its subject (to show).
struct Certificate {
    let issuer: ArraySlice<UInt8>
    let serial: ArraySlice<UInt8>
    let subject: ASN1Node

    /// Certificate { tbsCertificate { [0] version OPTIONAL, serialNumber, signature, issuer,
    /// validity, subject, ... }, ... }; nil for anything else (an attribute certificate).
    init?(_ node: ASN1Node) {
        guard node.identifier == .sequence, case .constructed(let outer) = node.content,
            let tbs = outer.first(where: { _ in true }), tbs.identifier == .sequence, case .constructed(let fieldNodes) = tbs.content
        else { return nil }
        var fields = Array(fieldNodes)
        if fields.first?.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) { fields.removeFirst() }
        guard fields.count >= 5, fields[0].identifier == .integer, case .primitive(let serial) = fields[0].content,
            fields[2].identifier == .sequence, fields[4].identifier == .sequence
        else { return nil }
        self.serial = serial
        issuer = fields[2].encodedBytes
        subject = fields[4]
    }

    func matches(_ signer: (issuer: ArraySlice<UInt8>, serial: ArraySlice<UInt8>)) -> Bool {
        issuer.elementsEqual(signer.issuer) && serial.elementsEqual(signer.serial)
    }
}
