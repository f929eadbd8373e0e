import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS

/// A small server on 127.0.0.1 that behaves like one of the things a probe can meet, and
/// counts the connections it accepts.
final class TestSMTPServer: @unchecked Sendable {
    enum Behaviour {
        /// TLS with this certificate, then `greeting` (nil: close at once after the handshake).
        case tls(certificate: String, greeting: String?)
        /// Plaintext SMTP, as on a STARTTLS-only port.
        case plaintext(greeting: String)
        /// Accepts and never sends a byte.
        case silent
    }

    let port: Int
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let channel: Channel
    private let counter = NIOLockedValueBox(0)
    /// Lines the clients sent after the greeting (QUIT).
    private let lines = NIOLockedValueBox<[String]>([])

    var connections: Int { counter.withLockedValue { $0 } }
    var received: [String] { lines.withLockedValue { $0 } }

    init(_ behaviour: Behaviour) throws {
        let sslContext: NIOSSLContext?
        if case .tls(let name, _) = behaviour {
            let configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(Certificates.path("\(name).pem")).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: Certificates.path("\(name).key"), format: .pem)))
            sslContext = try NIOSSLContext(configuration: configuration)
        } else {
            sslContext = nil
        }
        let counter = self.counter, lines = self.lines
        channel = try ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                counter.withLockedValue { $0 += 1 }
                do {
                    switch behaviour {
                    case .tls(_, let greeting):
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext!))
                        try channel.pipeline.syncOperations.addHandler(Speaker(greeting: greeting, afterHandshake: true, lines: lines))
                    case .plaintext(let greeting):
                        try channel.pipeline.syncOperations.addHandler(Speaker(greeting: greeting, afterHandshake: false, lines: lines))
                    case .silent:
                        break
                    }
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
        port = channel.localAddress!.port!
    }

    func stop() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }

    /// A port on 127.0.0.1 where nothing listens (bound, then closed again).
    static func closedPort() throws -> Int {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let channel = try ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).wait()
        let port = channel.localAddress!.port!
        try channel.close().wait()
        return port
    }
}

/// Sends the greeting (at connect, or once TLS is up) and records what the client says.
private final class Speaker: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let greeting: String?
    let afterHandshake: Bool
    let lines: NIOLockedValueBox<[String]>

    init(greeting: String?, afterHandshake: Bool, lines: NIOLockedValueBox<[String]>) {
        self.greeting = greeting
        self.afterHandshake = afterHandshake
        self.lines = lines
    }

    func channelActive(context: ChannelHandlerContext) {
        if !afterHandshake { greet(context) }
        context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if afterHandshake, case TLSUserEvent.handshakeCompleted = event { greet(context) }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        let text = buffer.readString(length: buffer.readableBytes) ?? ""
        lines.withLockedValue { $0.append(text.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    private func greet(_ context: ChannelHandlerContext) {
        guard let greeting else {
            context.close(promise: nil)
            return
        }
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: greeting + "\r\n")), promise: nil)
    }
}

enum Certificates {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Certificates")
    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    static var testCA: String { path("test-ca.pem") }
}
