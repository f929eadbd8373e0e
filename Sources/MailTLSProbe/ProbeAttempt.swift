#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MailTLSCore
import NIOCore
import NIOPosix
import NIOSSL

/// One probe of one host:port. Everything here runs on one event loop; the first verdict
/// reached wins and later events are ignored.
final class ProbeAttempt: @unchecked Sendable {
    let target: ProbeTarget
    let context: NIOSSLContext
    let timeout: TimeAmount
    let loop: EventLoop
    private let promise: EventLoopPromise<ProbeResult>
    private var channel: Channel?
    private var timer: Scheduled<Void>?
    private var finished = false

    /// The first line the server sent before any TLS record, if it spoke plaintext.
    var plaintextGreeting: String?
    /// Certificates BoringSSL rejected during the handshake (root to leaf order).
    var rejectedCertificates: [NIOSSLCertificate] = []
    /// Set once the handshake completed.
    var tlsUp = false
    /// The certificate's names when they do not cover the host (checked after the handshake).
    var mismatchNames: [String]?

    init(target: ProbeTarget, context: NIOSSLContext, timeout: TimeAmount, loop: EventLoop) {
        self.target = target
        self.context = context
        self.timeout = timeout
        self.loop = loop
        self.promise = loop.makePromise()
    }

    func start() -> EventLoopFuture<ProbeResult> {
        timer = loop.scheduleTask(in: timeout) { [self] in
            finish(.timeout, detail: "no answer within \(Self.seconds(timeout)) s")
        }
        let serverName = Self.isIPAddress(target.host) ? nil : target.host
        ClientBootstrap(group: loop)
            .connectTimeout(timeout)
            .channelInitializer { [self] channel in
                do {
                    let tls = try PerCertificateVerification.make(context: context, serverHostname: serverName) { [self] preverify, certificate in
                        if case .failed = preverify { rejectedCertificates.append(certificate) }
                        return preverify
                    }
                    try channel.pipeline.syncOperations.addHandlers([
                        PlaintextSniffer(attempt: self), tls, GreetingReader(attempt: self),
                    ])
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
            .connect(host: target.host, port: target.port)
            .whenComplete { [self] result in
                switch result {
                case .success(let channel):
                    if finished {
                        channel.close(promise: nil)
                    } else {
                        self.channel = channel
                    }
                case .failure(let error):
                    let (verdict, detail) = Self.classifyConnectFailure(error)
                    finish(verdict, detail: detail)
                }
            }
        return promise.futureResult
    }

    /// Records the verdict (the first one only) and closes the connection.
    func finish(_ verdict: ProbeVerdict, names: [String]? = nil, detail: String? = nil) {
        guard !finished else { return }
        finished = true
        timer?.cancel()
        promise.succeed(ProbeResult(target, verdict, names: names, detail: detail))
        channel?.close(promise: nil)
    }

    /// A handshake or connection that ended before a greeting: what went wrong.
    func failedBeforeGreeting(_ error: Error?) {
        if let greeting = plaintextGreeting {
            return finish(.notTLS, detail: "answered in plaintext: '\(greeting)'")
        }
        if let rejected = rejectedCertificates.first {
            let now = time(nil)
            if rejected.notValidAfter < now || rejected.notValidBefore > now {
                return finish(.certificateExpired, detail: "valid \(Self.date(rejected.notValidBefore)) to \(Self.date(rejected.notValidAfter))")
            }
            return finish(.certificateUntrusted, detail: "certificate chain does not lead to a trusted root")
        }
        if tlsUp {
            return finish(.notSMTP, detail: error.map { "connection failed after TLS: \($0)" } ?? "closed without a greeting")
        }
        finish(.notTLS, detail: error.map { "TLS handshake failed: \($0)" } ?? "closed during the TLS handshake")
    }

    static func classifyConnectFailure(_ error: Error) -> (ProbeVerdict, String) {
        if let connection = error as? NIOConnectionError {
            if connection.connectionErrors.isEmpty {
                return (.unresolved, "\(connection.host) does not resolve")
            }
            let errors = connection.connectionErrors.map(\.error)
            if errors.contains(where: { if case ChannelError.connectTimeout = $0 { return true } else { return false } }) {
                return (.timeout, "connecting timed out")
            }
            if errors.contains(where: { ($0 as? IOError)?.errnoCode == ECONNREFUSED }) {
                return (.refused, "connection refused")
            }
            return (.refused, "cannot connect: \(errors.map { "\($0)" }.joined(separator: "; "))")
        }
        if case ChannelError.connectTimeout = error { return (.timeout, "connecting timed out") }
        if (error as? IOError)?.errnoCode == ECONNREFUSED { return (.refused, "connection refused") }
        return (.refused, "cannot connect: \(error)")
    }

    static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }

    static func seconds(_ amount: TimeAmount) -> String {
        let value = Double(amount.nanoseconds) / 1e9
        if value == value.rounded() { return String(Int(value)) }
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100)." + padded(hundredths % 100, 2)
    }

    static func date(_ time: time_t) -> String {
        var t = time, parts = tm()
        gmtime_r(&t, &parts)
        return padded(Int(parts.tm_year) + 1900, 4) + "-" + padded(Int(parts.tm_mon) + 1, 2) + "-" + padded(Int(parts.tm_mday), 2)
    }

    /// `value` in decimal, zero-padded to `width` digits.
    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// NIOSSL's only hook that hands over BoringSSL's own verdict on each certificate is marked
/// deprecated in favour of callbacks that replace BoringSSL's verification entirely. The probe
/// wants BoringSSL's verification (system trust store, dates) unchanged and only needs to learn
/// *why* it failed (expired or untrusted), so it uses that hook; the call goes through a
/// protocol so the deprecation is acknowledged here, once, instead of warning on every build.
private protocol PerCertificateHook {
    static func clientHandler(
        context: NIOSSLContext, serverHostname: String?, verification: @escaping NIOSSLVerificationCallback
    ) throws -> NIOSSLClientHandler
}

enum PerCertificateVerification: PerCertificateHook {
    @available(*, deprecated, message: "wraps NIOSSL's per-certificate verification callback")
    static func clientHandler(
        context: NIOSSLContext, serverHostname: String?, verification: @escaping NIOSSLVerificationCallback
    ) throws -> NIOSSLClientHandler {
        try NIOSSLClientHandler(context: context, serverHostname: serverHostname, verificationCallback: verification)
    }

    static func make(
        context: NIOSSLContext, serverHostname: String?, onCertificate verification: @escaping NIOSSLVerificationCallback
    ) throws -> NIOSSLClientHandler {
        try (Self.self as PerCertificateHook.Type).clientHandler(
            context: context, serverHostname: serverHostname, verification: verification)
    }
}
