#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Views of an `InputFile`'s head made on first use and kept: the ASCII-folded bytes that
/// every signature search runs on (made once, not once per adapter and needle), and the head
/// as a `String` for adapters that still sniff text (decoding CP932 goes through the code-page
/// converter, so only they pay for it). Shared by the copies of one `InputFile`, which may be
/// read from several threads.
final class HeadCache: @unchecked Sendable {
    private let headBytes: [UInt8]
    private let makeText: @Sendable () -> String
    private var text: String?
    private var folded: [UInt8]?
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init(headBytes: [UInt8], makeText: @escaping @Sendable () -> String) {
        self.headBytes = headBytes
        self.makeText = makeText
        pthread_mutex_init(lock, nil)
    }

    deinit {
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }

    var string: String {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        if let text { return text }
        let made = makeText()
        text = made
        return made
    }

    /// The head with ASCII `A`-`Z` lower-cased.
    var foldedBytes: [UInt8] {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        if let folded { return folded }
        let made = [UInt8](unsafeUninitializedCapacity: headBytes.count) { buffer, count in
            for (i, byte) in headBytes.enumerated() { buffer[i] = ByteSearch.asciiLower(byte) }
            count = headBytes.count
        }
        folded = made
        return made
    }
}
