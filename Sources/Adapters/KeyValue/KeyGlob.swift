import MailTLSCore

/// A glob for key and file names (`*` any run, `?` one byte), ASCII case-insensitive, matched
/// on bytes: profiles test every setting's key against their secret globs, so this must be
/// cheap. (Same meaning as the core's `HostPattern` for ASCII names.)
struct KeyGlob: Sendable {
    let pattern: String
    private let bytes: [UInt8]

    init(_ pattern: String) {
        self.pattern = pattern
        bytes = pattern.utf8.map(ByteSet.lower)
    }

    func matches(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { matches($0) }
    }

    func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { ByteGlob.matches($0, text) }
    }
}
