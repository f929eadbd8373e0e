#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A value made on first use and then kept, safe to read from several threads: what the
/// copies of one `InputFile` (its folded head, its head as text) and of one `TextFile` (its
/// lines) share, so that only readers that need a view pay for it.
final class LazyValue<Value: Sendable>: @unchecked Sendable {
    private let make: @Sendable () -> Value
    private var made: Value?
    // A pthread mutex must not move, so it lives in memory of its own.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init(_ make: @escaping @Sendable () -> Value) {
        self.make = make
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    var value: Value {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if let made { return made }
        let value = make()
        made = value
        return value
    }
}
