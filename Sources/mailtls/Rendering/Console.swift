#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output and error, unbuffered by line so that reports interleave predictably with
/// the summary and nothing is lost if the process is killed. Every write goes through here, so
/// this is where the progress line is cleared before anything else reaches the terminal, and
/// where the control characters a file name may hold are escaped in report lines.
enum Console {
    /// The progress line on the terminal, if one is drawn (set by `ProgressLine`).
    nonisolated(unsafe) static var statusLine: ProgressLine?
    private static let standardOutputIsTerminal = isatty(1) == 1

    /// One report line on standard output (human form), control characters escaped.
    static func outLine(_ line: String) { out(escaped(line) + "\n") }
    /// One line on standard error (errors, warnings, summaries), control characters escaped.
    static func errorLine(_ line: String) { error(escaped(line) + "\n") }

    /// Text as it is (JSON lines, diffs).
    static func out(_ text: String) { outBytes(Array(text.utf8)) }
    static func error(_ text: String) {
        statusLine?.clear()
        write(2, Array(text.utf8))
    }

    /// Bytes for standard output as they are (`-o -` writes the converted file itself).
    static func outBytes(_ bytes: [UInt8]) {
        if standardOutputIsTerminal { statusLine?.clear() }
        write(1, bytes)
    }

    /// The progress line's own drawing, which must not clear itself.
    static func drawStatus(_ text: String) { write(2, Array(text.utf8)) }

    private static func write(_ fd: Int32, _ bytes: [UInt8]) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return }
            done += n
        }
    }

    /// `text` with C0 and C1 control characters (a newline or an escape sequence in a file
    /// name) written as `\n`, `\r`, `\t` or `\xHH`, so one report is one line and a name
    /// cannot drive the terminal.
    static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where isControl(scalar):
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += scalar.value < 0x100 ? "\\x" + (hex.count < 2 ? "0" + hex : hex) : "\\u{\(hex)}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    static var standardErrorIsTerminal: Bool { isatty(2) == 1 }
}
