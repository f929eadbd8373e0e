/// The files a new adapter starts with, as (path relative to the package, content). Each is
/// the smallest thing that compiles and says, in TODOs, what to fill in and where the guide
/// covers it.
struct ScaffoldTemplates {
    let request: ScaffoldRequest

    private var module: String { request.moduleName }
    private var adapter: String { request.adapterName }
    private var pattern: String { request.filePattern }

    /// Files that must not exist yet: creating them is the point of the command.
    var newFiles: [(path: String, content: String)] {
        [
            ("Sources/Adapters/\(module)/\(module)Module.swift", moduleSource),
            ("Sources/Adapters/\(module)/\(module)Adapter.swift", adapterSource),
            ("Tests/Adapters/\(module)Tests/\(module)GoldenTests.swift", testSource),
        ]
    }

    /// Notes for folders that may already exist (shared fixtures are sometimes copied in before
    /// the adapter is written); written only where absent.
    var notes: [(path: String, content: String)] {
        [
            ("Tests/Fixtures/\(adapter)/README.md", fixturesReadme),
            ("examples/\(adapter)/README.md", examplesReadme),
        ]
    }

    private var moduleSource: String {
        #"""
        import MailTLSCore

        /// Registers the \#(module) adapter. The module is listed in Package.swift's `adapters`;
        /// the registry that `mailtls` reads is generated from that list at build time.
        public enum \#(module)Module: AdapterModule {
            public static func adapters(environment: AdapterEnvironment) -> [any Adapter] {
                [\#(module)Adapter()]
            }
        }

        """#
    }

    private var adapterSource: String {
        #"""
        import MailTLSCore

        /// TODO: one line on the client and its settings file, with where its format is documented.
        ///
        /// Scaffolded by `swift package new-adapter`. Work through the TODOs from top to bottom;
        /// docs/adding-a-client.md walks through a complete adapter, and conversion-rules.md is the
        /// contract (§1 when an entry converts, §3 how the file is written, §4 errors).
        public struct \#(module)Adapter: Adapter {
            public let name = "\#(adapter)"
            // TODO: name the keys that carry port and security; `mailtls adapters` prints this line.
            public let summary = "\#(module) settings files (\#(pattern))"
            // TODO: the names this client's files usually have. A hint for detection, never proof.
            public let filePatterns = ["\#(pattern)"]

            public init() {}

            /// What `scan` found, kept for `edits`.
            public struct Document: ScannedDocument {
                let text: TextFile
                // TODO: keep what `edits` needs per entry: the lines or value ranges of its port and
                // security keys, and the line a missing key is inserted after.
                public let entries: [ServerEntry]
                /// Byte ranges of passwords (plain or obfuscated): never printed, kept byte for byte.
                public let secretRanges: [Range<Int>]
                public var textEncoding: TextEncoding? { text.encoding }
            }

            public func detect(_ file: InputFile) -> Detection {
                // TODO: look at the content first (`file.head()`): return `.content` when the keys or
                // sections characteristic of this format are there, `.signature` for a unique header.
                // Do not claim other formats (see the list in docs/adding-a-client.md).
                file.nameMatches(filePatterns) ? .nameOnly : .no
            }

            public func scan(_ file: InputFile) throws(InputError) -> Document {
                // TextFile detects the encoding (UTF-8 with or without BOM, UTF-16 with BOM, CP932)
                // and ties every character to its bytes, so entries can name exact byte ranges.
                let text = try TextFile(bytes: file.bytes)
                // TODO: parse `text.lines` into ServerEntry values: account label, protocol, host, the
                // EFFECTIVE port (the value, else the client's documented default) with its byte range
                // (nil when absent), and the security with the range of the key that decides it.
                // Report every password range in `secretRanges`. Throw `InputError` with line numbers
                // for anything unreadable, and `.unsupportedFormat` when the file is not this format.
                return Document(text: text, entries: [], secretRanges: [])
            }

            public func edits(for conversions: [Conversion], in document: Document) throws(InputError) -> [ByteEdit] {
                // TODO: for each conversion, replace the port value (and the security value where the
                // contract says so) with `ByteEdit(replacing:with:)`; insert a missing key once, right
                // after the entry's encryption key, copying that line's indentation and line ending.
                // Encode new text with `document.text.encoding.encode(_:)`.
                []
            }
        }

        """#
    }

    private var testSource: String {
        #"""
        import MailTLSCore
        import MailTLSTestSupport
        import \#(module)
        import Testing

        /// Golden tests for \#(module)Adapter: every input in Tests/Fixtures/\#(adapter)/ converts to
        /// exactly its `.expected` bytes, or stays unchanged when it has none. ConformanceTests runs
        /// the shared checks (idempotence, minimal diff, secrets, malformed input) on the same folder.
        @Suite struct \#(module)GoldenTests {
            let adapter = \#(module)Adapter()

            // TODO: remove `.disabled` once Tests/Fixtures/\#(adapter)/ holds an input and its
            // `.expected` output (docs/adding-a-client.md, "Fixtures"). Until then it fails by design.
            @Test(.disabled("TODO: add a fixture and its .expected output"))
            func fixturesConvertToExpectedBytes() throws {
                let inputs = Fixtures.inputs("\#(adapter)").filter { !$0.hasPrefix("bad-") }
                try #require(!inputs.isEmpty, "Tests/Fixtures/\#(adapter)/ has no inputs yet")
                #expect(inputs.contains { Fixtures.expected("\#(adapter)", $0) != nil }, "no .expected fixture yet")
                for name in inputs {
                    let input = try Fixtures.input("\#(adapter)", name)
                    let expected = Fixtures.expected("\#(adapter)", name) ?? input.bytes
                    #expect(try Convert.bytes(input, with: adapter) == expected, "\(name)")
                }
            }

            /// A matching file name alone is a hint, never a claim; other names are not claimed.
            @Test func fileNameAloneIsOnlyAHint() throws {
                let neutral = Array("nothing to see here\n".utf8)
                let pattern = try #require(adapter.filePatterns.first)
                let matchingName = pattern.replacing("*", with: "sample").replacing("?", with: "x")
                #expect(adapter.detect(InputFile(name: matchingName, bytes: neutral)) == .nameOnly)
                #expect(adapter.detect(InputFile(name: "sample.unrelated-extension", bytes: neutral)) == .no)
            }

            @Test func nameIsStable() {
                #expect(adapter.name == "\#(adapter)")
                #expect(\#(module)Module.adapters(environment: AdapterEnvironment()).map(\.name) == ["\#(adapter)"])
            }

            // TODO: add rule tests, one per decision: each way "encryption on" is spelled, the default
            // port when the key is absent, insertion placement, duplicate keys, encodings and line
            // endings, secrets, and a precise error for each kind of bad input.
        }

        """#
    }

    private var fixturesReadme: String {
        """
        # \(adapter) fixtures

        Test inputs for the `\(adapter)` adapter (module `\(module)`). Both the adapter's own golden
        test and the shared conformance suite (Tests/ConformanceTests) read this folder.

        - `NAME.\(request.fileExtension)`: an input. With `NAME.expected.\(request.fileExtension)` beside it,
          converting it must give exactly those bytes; without one, it must stay unchanged.
        - At least one input must have an `.expected` output, and every input that is not `bad-*`
          must be detected by content (not only by its name).
        - `bad-NAME.\(request.fileExtension)`: a malformed input; the adapter must reject it with an
          `InputError` (a message saying what and where), never crash and never convert it.
        - Use real-looking files: the client's own layout, comments, line endings and encodings,
          invented hosts and passwords (`example.com`, never real credentials).

        See docs/adding-a-client.md, "Fixtures" and "The checklist".
        """ + "\n"
    }

    private var examplesReadme: String {
        """
        # \(module) examples

        Sample `\(request.filePattern)` settings files for the `\(adapter)` adapter, for trying the tool:

            swift run mailtls convert --dry-run --diff examples/\(adapter)/

        TODO: add one or two realistic files (invented hosts and passwords), e.g. an account on
        587 with STARTTLS that converts, and one already on 465 that stays unchanged.
        """ + "\n"
    }
}
