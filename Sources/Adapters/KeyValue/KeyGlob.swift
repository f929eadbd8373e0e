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
        var t = 0, p = 0
        var starP = -1, starT = 0
        while t < text.count {
            if p < bytes.count, bytes[p] == UInt8(ascii: "?") || bytes[p] == ByteSet.lower(text[t]) {
                t += 1
                p += 1
            } else if p < bytes.count, bytes[p] == UInt8(ascii: "*") {
                starP = p
                starT = t
                p += 1
            } else if starP >= 0 {
                p = starP + 1
                starT += 1
                t = starT
            } else {
                return false
            }
        }
        while p < bytes.count, bytes[p] == UInt8(ascii: "*") { p += 1 }
        return p == bytes.count
    }
}
