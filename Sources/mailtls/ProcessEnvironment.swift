#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process environment as a dictionary, read straight from `environ`: a few dozen short
/// strings, where `ProcessInfo.environment` costs a noticeable share of a short run's start-up.
enum ProcessEnvironment {
    /// Every `NAME=value` entry; for a name given twice, the first, as `getenv` reads it.
    /// Read once: the registry, the provider table and the progress line all ask for it, and
    /// mailtls never changes its own environment.
    static let variables: [String: String] = {
        var result: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.utf8.firstIndex(of: UInt8(ascii: "=")) {
                let name = String(text[..<equals])
                if result[name] == nil { result[name] = String(text[text.utf8.index(after: equals)...]) }
            }
            entry += 1
        }
        return result
    }()
}
