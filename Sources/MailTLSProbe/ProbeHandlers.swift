import MailTLSCore
import NIOCore
import NIOSSL
import NIOTLS

/// Sits below TLS and looks at the first bytes the server sends: a TLS record starts with a
/// content type 0x14-0x18 and version 0x03; anything else (an SMTP `220` in plaintext, as a
/// STARTTLS-only port sends) is remembered so the handshake failure reads as `not-tls`.
final class PlaintextSniffer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    private let attempt: ProbeAttempt
    private var looked = false

    init(attempt: ProbeAttempt) {
        self.attempt = attempt
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !looked {
            looked = true
            let buffer = unwrapInboundIn(data)
            let bytes = buffer.getBytes(at: buffer.readerIndex, length: min(buffer.readableBytes, 200)) ?? []
            if bytes.count >= 2, !((0x14...0x18).contains(bytes[0]) && bytes[1] == 0x03) {
                attempt.plaintextGreeting = GreetingReader.printable(bytes)
            }
        }
        context.fireChannelRead(data)
    }
}

/// Above TLS: checks the certificate's names once the handshake is done, reads the greeting,
/// says `QUIT` on a `220`, and turns errors and early closes into verdicts.
final class GreetingReader: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    private let attempt: ProbeAttempt
    private var received: [UInt8] = []

    init(attempt: ProbeAttempt) {
        self.attempt = attempt
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event {
            attempt.tlsUp = true
            let handler = try? context.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self)
            if let leaf = handler?.peerCertificate {
                let names = CertificateNames.of(leaf)
                if !CertificateNames.cover(attempt.target.host, names) { attempt.mismatchNames = names }
            }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        received += buffer.readBytes(length: buffer.readableBytes) ?? []
        guard let end = received.firstIndex(of: UInt8(ascii: "\n")) ?? (received.count >= 512 ? received.count : nil) else { return }
        let line = Array(received[..<end])
        if line.starts(with: Array("220".utf8)) {
            let quit = context.channel.allocator.buffer(string: "QUIT\r\n")
            context.writeAndFlush(wrapOutboundOut(quit), promise: nil)
            if let names = attempt.mismatchNames {
                attempt.finish(.certificateNameMismatch, names: names, detail: "certificate not issued for \(attempt.target.host)")
            } else {
                attempt.finish(.ok)
            }
        } else {
            attempt.finish(.notSMTP, detail: "greeting '\(Self.printable(line))'")
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        attempt.failedBeforeGreeting(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        attempt.failedBeforeGreeting(nil)
        context.fireChannelInactive()
    }

    /// The first line of what the server sent, safe to print: at most 80 characters, control
    /// characters as `?`.
    static func printable(_ bytes: [UInt8]) -> String {
        let line = bytes.prefix { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }.prefix(80)
        return String(line.map { (0x20..<0x7f).contains($0) ? Character(UnicodeScalar($0)) : "?" })
    }
}

/// The DNS and IP names a certificate is issued for, and whether they cover a host name
/// (RFC 6125: exact match, or a `*` wildcard standing for the whole left-most label).
enum CertificateNames {
    static func of(_ certificate: NIOSSLCertificate) -> [String] {
        var names: [String] = []
        for name in certificate._subjectAlternativeNames() {
            switch name.nameType {
            case .dnsName: names.append(String(decoding: Array(name.contents), as: UTF8.self))
            case .ipAddress: names.append(ipAddress(Array(name.contents)))
            default: continue
            }
        }
        if names.isEmpty, let commonName = commonName(certificate) { names.append(commonName) }
        return names
    }

    /// An IP address name as text (4 bytes: dotted decimal; 16 bytes: hex groups).
    static func ipAddress(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: bytes.count - 1, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
            .joined(separator: ":")
    }

    /// NIOSSL exposes the subject's common name only through the certificate's description;
    /// it is read there for old certificates without subject alternative names.
    private static func commonName(_ certificate: NIOSSLCertificate) -> String? {
        let description = certificate.description
        guard let start = description.firstRange(of: ";common_name=") else { return nil }
        let rest = description[start.upperBound...]
        return String(rest.prefix { $0 != ";" && $0 != ">" })
    }

    static func cover(_ host: String, _ names: [String]) -> Bool {
        let host = (host.hasSuffix(".") ? String(host.dropLast()) : host).lowercased()
        return names.contains { name in
            let name = name.lowercased()
            if name == host { return true }
            guard name.hasPrefix("*."), let dot = host.firstIndex(of: ".") else { return false }
            return host[dot...] == name.dropFirst() && host.startIndex != dot
        }
    }
}
