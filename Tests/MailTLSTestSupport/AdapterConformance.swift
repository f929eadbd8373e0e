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
        // Minimal diff: the output is the input with the reported edits spliced in, and each
        // edit is small (a value, or one inserted line/element/record per key).
        if (try? splice(file.bytes, outcome.edits)) != output {
            problems.append("\(name): output is not the input with its edits applied")
        }
        // A removed duplicate (rules §7) is one deletion of its element, however long.
        var removalsLeft = outcome.removals.count
        for edit in outcome.edits where edit.range.count > 64 || edit.replacement.count > 256 {
            if edit.replacement.isEmpty, removalsLeft > 0 {
                removalsLeft -= 1
                continue
            }
            problems.append("\(name): edit \(edit) is larger than one value or line")
        }
        if outcome.edits.count > outcome.conversions.count * 6 {
            problems.append("\(name): \(outcome.edits.count) edits for \(outcome.conversions.count) conversions")
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
