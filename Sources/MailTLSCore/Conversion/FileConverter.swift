/// The pure part of converting one file: scan, decide, edit, splice, verify. No I/O.
public struct FileConverter: Sendable {
    public var policy: ConversionPolicy

    public init(policy: ConversionPolicy) {
        self.policy = policy
    }

    /// What converting a file found and produced.
    public struct Outcome: Sendable {
        public var format: String
        public var decisions: [Decision]
        /// The converted bytes, or nil when nothing needs to change.
        public var output: [UInt8]?
        /// The edits that made `output` from the input (empty when unchanged).
        public var edits: [ByteEdit] = []
        public var secretRanges: [Range<Int>]
        public var textEncoding: TextEncoding?
        /// The adapter's warnings about the file (`ScannedDocument.warnings`, plus its
        /// `conversionWarnings` when there is an output).
        public var fileWarnings: [String] = []

        public var conversions: [Decision] { decisions.filter(\.isConversion) }
        public var warnings: [String] { fileWarnings + decisions.flatMap(\.warnings) }
    }

    public func convert(_ file: InputFile, with adapter: any Adapter) throws(InputError) -> Outcome {
        try run(adapter, file)
    }

    private func run<A: Adapter>(_ adapter: A, _ file: InputFile) throws(InputError) -> Outcome {
        let document = try adapter.scan(file)
        let decisions = document.entries.map(policy.decide)
        let conversions = decisions.enumerated().compactMap { index, decision in
            decision.target.map { Conversion(index: index, entry: decision.entry, target: $0) }
        }
        var outcome = Outcome(
            format: adapter.name, decisions: decisions, output: nil,
            secretRanges: document.secretRanges, textEncoding: document.textEncoding, fileWarnings: document.warnings)
        guard !conversions.isEmpty else { return outcome }
        let edits = try adapter.edits(for: conversions, in: document)
        let output: [UInt8]
        do {
            output = try splice(file.bytes, edits)
        } catch {
            throw InputError(.unsupportedFormat, "internal error: \(error) (\(adapter.name)); nothing written")
        }
        try verify(output, of: file, by: adapter, entryCount: document.entries.count, expecting: conversions)
        outcome.output = output == file.bytes ? nil : output
        outcome.edits = outcome.output == nil ? [] : edits
        if outcome.output != nil { outcome.fileWarnings += document.conversionWarnings }
        return outcome
    }

    /// Re-reads the output and checks that it parses, has the same entries, and that every
    /// converted entry now sits at its target. A converter bug then ends in an error and an
    /// untouched file instead of a bad file a user re-imports.
    private func verify<A: Adapter>(
        _ output: [UInt8], of file: InputFile, by adapter: A, entryCount: Int, expecting conversions: [Conversion]
    ) throws(InputError) {
        let rescanned: A.Document
        do {
            rescanned = try adapter.scan(InputFile(name: file.name, bytes: output))
        } catch {
            throw InputError(.unsupportedFormat, "internal error: converted output does not parse (\(error.message)); nothing written")
        }
        guard rescanned.entries.count == entryCount else {
            throw InputError(.unsupportedFormat, "internal error: converted output has \(rescanned.entries.count) entries, input \(entryCount); nothing written")
        }
        for conversion in conversions {
            let after = rescanned.entries[conversion.index]
            // A boolean SSL flag reads back as `tls` only on the protocol's implicit-TLS port;
            // on a custom `--to-port` it reads as encrypted, which is all a flag can say.
            let securityOK = conversion.target.port == after.proto.implicitTLSPort
                ? after.security == conversion.target.security : after.security.isEncrypted
            guard after.port == conversion.target.port, securityOK else {
                throw InputError(.unsupportedFormat, "internal error: \(conversion.entry.account) did not convert (now port \(after.port), \(after.security.rawValue)); nothing written")
            }
        }
    }
}
