import MailTLSCore

/// The checks every adapter must pass, whatever its format. Adapter test targets call
/// `AdapterConformance.violations(...)` on their samples; ConformanceTests runs it on every
/// registered adapter with every fixture folder it recognises, so a new adapter gets these
/// checks without writing them.
public enum AdapterConformance {
    /// Returns human-readable problems (empty when the adapter conforms) for one sample.
    public static func violations(of adapter: any Adapter, on file: InputFile, policy: ConversionPolicy = ConversionPolicy()) -> [String] {
        var problems: [String] = []
        let name = "\(adapter.name): \(file.name)"
        let outcome: FileConverter.Outcome
        do {
            outcome = try FileConverter(policy: policy).convert(file, with: adapter)
        } catch {
            return ["\(name): sample failed to convert: \(error)"]
        }
        if outcome.conversions.isEmpty, outcome.output != nil {
            problems.append("\(name): output produced although nothing converts")
        }
        guard let output = outcome.output else { return problems }
        // Idempotence: the output converts to nothing.
        do {
            let again = try FileConverter(policy: policy).convert(InputFile(name: file.name, bytes: output), with: adapter)
            if again.output != nil { problems.append("\(name): second run changes the output again (not idempotent)") }
            if !again.conversions.isEmpty { problems.append("\(name): second run still finds \(again.conversions.count) conversions") }
        } catch {
            problems.append("\(name): converted output does not re-scan: \(error)")
        }
        // Minimal diff: a common prefix and suffix cover all but a small middle per change.
        let changed = differingBytes(file.bytes, output)
        let budget = outcome.conversions.count * 256
        if changed > budget {
            problems.append("\(name): \(changed) bytes differ for \(outcome.conversions.count) conversions (budget \(budget))")
        }
        // Secrets survive byte for byte, and the diff rendering never shows them.
        for range in outcome.secretRanges {
            let secret = Array(file.bytes[range])
            if !contains(output, secret) { problems.append("\(name): secret bytes at \(range) not preserved") }
        }
        let diff = ChangeDiff.render(path: file.name, input: file.bytes, outcome: outcome)
        for secret in secretStrings(file, outcome) where diff.contains(secret) {
            problems.append("\(name): diff shows a secret")
        }
        return problems
    }

    /// Problems with how an adapter handles a malformed input: it must throw an InputError
    /// (not crash, not convert).
    public static func malformedViolations(of adapter: any Adapter, on file: InputFile) -> [String] {
        do {
            let outcome = try FileConverter(policy: ConversionPolicy()).convert(file, with: adapter)
            if outcome.output != nil { return ["\(adapter.name): \(file.name): malformed input was converted"] }
            return ["\(adapter.name): \(file.name): malformed input accepted without error"]
        } catch {
            return error.message.isEmpty ? ["\(adapter.name): \(file.name): error without a message"] : []
        }
    }

    /// Counts bytes outside the longest common prefix and suffix of `a` and `b`.
    public static func differingBytes(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var prefix = 0
        while prefix < min(a.count, b.count), a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < min(a.count, b.count) - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        return max(a.count, b.count) - prefix - suffix
    }

    static func secretStrings(_ file: InputFile, _ outcome: FileConverter.Outcome) -> [String] {
        let encoding = outcome.textEncoding ?? .utf8(bom: false)
        return outcome.secretRanges.map { encoding.decode(file.bytes[$0]) }.filter { $0.count >= 3 }
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= haystack.count else { return needle.isEmpty }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}
