#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The head of an `InputFile` as text, decoded on first use and kept: only adapters that
/// still sniff a `String` pay for it (decoding CP932 goes through the code-page converter).
/// Shared by the copies of one `InputFile`, which may be read from several threads.
final class HeadTextCache: @unchecked Sendable {
    struct Text {
        var string: String
    }

    private let make: @Sendable () -> Text
    private var value: Text?
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init(_ make: @escaping @Sendable () -> Text) {
        self.make = make
        pthread_mutex_init(lock, nil)
    }

    deinit {
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }

    var text: Text {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        if let value { return value }
        let made = make()
        value = made
        return made
    }
}
