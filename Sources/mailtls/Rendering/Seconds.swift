#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Elapsed time for the closing lines and the progress rate: a monotonic clock (a run's length
/// does not jump when the wall clock is set) and seconds written with two decimals.
enum Seconds {
    /// Seconds since an arbitrary fixed point; only differences mean anything.
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// `1.234` -> `"1.23"`, like printf's `%.2f` for the non-negative durations shown here.
    static func text(_ seconds: Double) -> String {
        let hundredths = Int((max(0, seconds) * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
