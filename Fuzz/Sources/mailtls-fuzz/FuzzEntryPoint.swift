import MailTLS

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libFuzzer harness: one binary for every adapter parser. `MAILTLS_FUZZ_ADAPTER` names the
/// adapter whose parser a run exercises (scripts/fuzz.sh runs the binary once per adapter, each
/// with a seed corpus of that adapter's fixtures), so "a harness per adapter" is this entry
/// point with a different adapter and corpus.
///
/// Each input goes through the whole per-file pipeline the CLI runs: detection (by the adapter
/// under test), then
/// `FileConverter.convert` (scan, decide, edits, splice, re-scan verification) under the
/// default policy and, when the file has IMAP or POP3 entries, with every protocol selected. An `InputError` is the expected answer to
/// bad bytes. A finding is any crash or trap, and also any of these invariant breaks, which
/// the harness turns into a trap so libFuzzer saves the input:
/// - the core's own verification rejecting the adapter's output ("internal error"),
/// - an output that converts again (not idempotent) or no longer scans,
/// - a secret byte range outside the file, or secret bytes missing from the output.
///
/// `main` hands control to libFuzzer's driver (`LLVMFuzzerRunDriver`), so the usual libFuzzer
/// flags and arguments apply; `mailtls-fuzz --list-adapters` prints the adapter names.
/// (SwiftPM links every executable with `main` aliased to the module's entry point, so the
/// target needs one; libFuzzer's own `main` is then not linked.)
@main
enum FuzzMain {
    static func main() {
        if CommandLine.arguments.dropFirst().first == "--list-adapters" {
            for adapter in (try? BuiltInAdapters.registry().adapters) ?? [] { print(adapter.name) }
            for name in ParserTargets.all.keys.sorted() { print(name) }
            return
        }
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        if ParserTargets.selected == nil { _ = FuzzTarget.shared }
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
    }
}

/// libFuzzer's entry point for programs that have their own `main`.
@_extern(c, "LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    if let parser = ParserTargets.selected { parser(bytes); return 0 }
    FuzzTarget.shared.run(InputFile(name: FuzzTarget.shared.fileName, bytes: bytes))
    return 0
}

/// The adapter under test, set up once per process.
struct FuzzTarget: Sendable {
    static let shared = FuzzTarget()

    let adapter: any Adapter
    /// A file name matching the adapter's patterns, so name-based hints are exercised too.
    let fileName: String
    let policies = [
        ConversionPolicy(),
        ConversionPolicy(protocols: [.smtp, .imap, .pop3]),
    ]

    init() {
        // MAILTLS_FUZZ_STRIP_SIGNATURE=1 runs the adapters as `--strip-signature` does, so that
        // signed inputs go through unwrapping, converting and re-reading, not only the refusal.
        let environment = AdapterEnvironment(
            stripSignatures: getenv("MAILTLS_FUZZ_STRIP_SIGNATURE").map { String(cString: $0) } == "1")
        guard let registry = try? BuiltInAdapters.registry(environment: environment) else { Self.quit("cannot build the adapter registry") }
        let names = registry.adapters.map(\.name).joined(separator: ", ")
        guard let wanted = getenv("MAILTLS_FUZZ_ADAPTER").map({ String(cString: $0) }) else {
            Self.quit("set MAILTLS_FUZZ_ADAPTER to one of: \(names)")
        }
        guard let adapter = registry.adapter(named: wanted) else {
            Self.quit("unknown adapter '\(wanted)'; registered: \(names)")
        }
        self.adapter = adapter
        let pattern = adapter.filePatterns.first ?? "input"
        fileName = pattern.replacing("*", with: "fuzz").replacing("?", with: "x")
    }

    func run(_ file: InputFile) {
        // Only this adapter's detection: the other adapters run in their own campaigns, and
        // detecting with all of them here cost a fifth of the time per input.
        _ = adapter.detect(file)
        // The all-protocols policy differs from the default only when there are incoming entries.
        let decisions = check(file, policies[0])
        if decisions.contains(where: { $0.entry.proto != .smtp }) { _ = check(file, policies[1]) }
    }

    /// Converts `file` under `policy` and checks the outcome; returns the decisions made.
    private func check(_ file: InputFile, _ policy: ConversionPolicy) -> [Decision] {
        let converter = FileConverter(policy: policy)
        let outcome: FileConverter.Outcome
        do {
            outcome = try converter.convert(file, with: adapter)
        } catch {
            if error.message.hasPrefix("internal error") { Self.finding("core verification rejected the output: \(error.message)") }
            return []
        }
        for range in outcome.secretRanges where range.lowerBound < 0 || range.upperBound > file.bytes.count {
            Self.finding("secret range \(range) outside a \(file.bytes.count)-byte file")
        }
        guard let output = outcome.output else { return outcome.decisions }
        for range in outcome.secretRanges where !range.isEmpty && !Self.contains(output, file.bytes[range]) {
            Self.finding("secret bytes at \(range) not preserved in the output")
        }
        do {
            let again = try converter.convert(InputFile(name: file.name, bytes: output), with: adapter)
            if again.output != nil || !again.conversions.isEmpty { Self.finding("second conversion changes the output again") }
        } catch {
            Self.finding("converted output does not convert cleanly again: \(error.message)")
        }
        return outcome.decisions
    }

    private static func contains(_ haystack: [UInt8], _ needle: ArraySlice<UInt8>) -> Bool {
        guard let first = needle.first, needle.count <= haystack.count else { return needle.isEmpty }
        for start in 0...(haystack.count - needle.count) where haystack[start] == first {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    /// An invariant break: print it and trap, so libFuzzer records the input as a crash.
    private static func finding(_ message: String) -> Never {
        printError("mailtls-fuzz: FINDING: \(message)")
        fatalError(message)
    }

    private static func quit(_ message: String) -> Never {
        printError("mailtls-fuzz: \(message)")
        exit(2)
    }

    private static func printError(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
}
