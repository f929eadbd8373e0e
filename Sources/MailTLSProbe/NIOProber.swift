import MailTLSCore
import NIOCore
import NIOPosix
import NIOSSL

/// Probes hosts for SMTP over implicit TLS with SwiftNIO and NIOSSL (README, "Before you convert"):
/// TCP, a TLS handshake with SNI and certificate verification (system trust store plus an
/// optional CA file), the `220` greeting, then `QUIT`. The only code in mailtls that opens a
/// socket, and only `--probe` and `mailtls probe` create it.
public struct NIOProber: Prober {
    /// Time allowed for one probe, from connecting to the greeting.
    public let timeout: TimeAmount
    /// Probes in flight at once.
    public let concurrency: Int
    private let context: NIOSSLContext

    /// Fails when the CA file cannot be read (a usage error the CLI reports before any probe).
    public init(timeoutSeconds: Double = 5, concurrency: Int = 16, caFile: String? = nil) throws {
        timeout = .nanoseconds(Int64(max(0.001, timeoutSeconds) * 1_000_000_000))
        self.concurrency = max(1, concurrency)
        var configuration = TLSConfiguration.makeClientConfiguration()
        // BoringSSL checks the chain and the dates; the name is checked here, after the
        // handshake, so a mismatch can list the certificate's names.
        configuration.certificateVerification = .noHostnameVerification
        configuration.trustRoots = .default
        if let caFile { configuration.additionalTrustRoots = [.file(caFile)] }
        context = try NIOSSLContext(configuration: configuration)
    }

    public func probe(_ targets: [ProbeTarget]) -> [ProbeResult] {
        guard !targets.isEmpty else { return [] }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let loop = group.next()
        let batch = Batch(targets: targets, limit: concurrency, loop: loop) { target, loop in
            ProbeAttempt(target: target, context: context, timeout: timeout, loop: loop).start()
        }
        loop.execute { batch.launch() }
        return (try? batch.done.futureResult.wait()) ?? targets.map { ProbeResult($0, .timeout, detail: "probe did not finish") }
    }
}

/// Runs a list of probes with at most `limit` in flight. Confined to its event loop.
private final class Batch: @unchecked Sendable {
    let targets: [ProbeTarget]
    let limit: Int
    let loop: EventLoop
    let start: (ProbeTarget, EventLoop) -> EventLoopFuture<ProbeResult>
    let done: EventLoopPromise<[ProbeResult]>
    private var results: [ProbeResult?]
    private var next = 0, running = 0, finished = 0

    init(targets: [ProbeTarget], limit: Int, loop: EventLoop, start: @escaping (ProbeTarget, EventLoop) -> EventLoopFuture<ProbeResult>) {
        self.targets = targets
        self.limit = limit
        self.loop = loop
        self.start = start
        self.done = loop.makePromise()
        self.results = Array(repeating: nil, count: targets.count)
    }

    func launch() {
        while next < targets.count, running < limit {
            let index = next
            next += 1
            running += 1
            start(targets[index], loop).whenSuccess { result in
                self.results[index] = result
                self.running -= 1
                self.finished += 1
                if self.finished == self.targets.count {
                    self.done.succeed(self.results.map { $0! })
                } else {
                    self.launch()
                }
            }
        }
    }
}
