import MailTLSCore

/// Runs the core pipeline the way the CLI does, for tests.
public enum Convert {
    /// Converts `file` with `adapter` under `policy` (default: SMTP, 25/587 -> 465).
    public static func run(
        _ file: InputFile, with adapter: any Adapter, policy: ConversionPolicy = ConversionPolicy()
    ) throws(InputError) -> FileConverter.Outcome {
        try FileConverter(policy: policy).convert(file, with: adapter)
    }

    /// The output bytes, or the input bytes when nothing changed.
    public static func bytes(
        _ file: InputFile, with adapter: any Adapter, policy: ConversionPolicy = ConversionPolicy()
    ) throws(InputError) -> [UInt8] {
        try run(file, with: adapter, policy: policy).output ?? file.bytes
    }

    /// The entries `adapter` finds in `bytes`.
    public static func entries(_ bytes: [UInt8], name: String = "input", with adapter: any Adapter) throws(InputError) -> [ServerEntry] {
        try scanEntries(adapter, InputFile(name: name, bytes: bytes))
    }

    private static func scanEntries<A: Adapter>(_ adapter: A, _ file: InputFile) throws(InputError) -> [ServerEntry] {
        try adapter.scan(file).entries
    }

    /// The secret byte ranges `adapter` reports for `bytes`.
    public static func secrets(_ bytes: [UInt8], with adapter: any Adapter) throws(InputError) -> [Range<Int>] {
        try scanSecrets(adapter, InputFile(name: "input", bytes: bytes))
    }

    private static func scanSecrets<A: Adapter>(_ adapter: A, _ file: InputFile) throws(InputError) -> [Range<Int>] {
        try adapter.scan(file).secretRanges
    }
}

extension Array where Element == UInt8 {
    /// Bytes as a readable string for failure messages (UTF-8, lossy).
    public var debugText: String { String(decoding: self, as: UTF8.self) }
}
