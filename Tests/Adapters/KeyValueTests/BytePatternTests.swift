import Foundation
import MailTLSCore
import MailTLSTestSupport
import Testing
@testable import KeyValue

/// The byte programs that profile patterns compile to agree with Swift's own `Regex` (the
/// slow path) on whether a line matches and on every named group, for every pattern of the
/// built-in profiles and the bundled example, over generated lines.
@Suite struct BytePatternTests {
    static func patterns() throws -> [String] {
        var sources: [String] = []
        var files = ProfileCatalog.builtIn.map(\.bytes)
        files.append([UInt8](try Data(contentsOf: Fixtures.packageRoot.appendingPathComponent("examples/custom-profile/mbsync.json"))))
        files.append([UInt8](try Data(contentsOf: Fixtures.packageRoot.appendingPathComponent("examples/url-profile/mymail.json"))))
        for bytes in files {
            let json = try JSONSerialization.jsonObject(with: Data(bytes)) as! [String: Any]
            let detect = json["detect"] as! [String: Any]
            sources += (detect["markers"] as? [String] ?? []) + (detect["notMarkers"] as? [String] ?? [])
                + (detect["requiredMarkers"] as? [String] ?? [])
            let syntax = json["syntax"] as! [String: Any]
            if let assignment = syntax["assignment"] as? String { sources.append(assignment) }
            sources += syntax["assignment"] as? [String] ?? []
            if let header = syntax["header"] as? [String: Any] { sources.append(header["pattern"] as! String) }
            sources += (json["sections"] as! [[String: Any]]).compactMap { $0["header"] as? String }
        }
        return sources
    }

    @Test func everyBuiltInPatternIsOnTheFastPath() throws {
        for source in try Self.patterns() {
            #expect(try #require(LinePattern(source)).isFast, "\(source)")
        }
    }

    @Test func bytesAndSwiftRegexAgree() throws {
        let pieces = [" ", "\t", "a", "Z", "0", "7", "[", "]", "\"", "\\", "=", ":", "#", ";", ",", ".", "(", "é", "漢",
                      "account", "defaults", "sendemail", "Account: ", "HKEY_CURRENT_USER\\", "9375CFF0413111d3B88A00104B2A6676",
                      "Internet Account Manager\\Accounts\\", "dword:", "0000024b", "hex(2):", "IMAPAccount", "REGEDIT4",
                      "Windows Registry Editor Version 5.00", "user_pref(", "delivery", "@",
                      "set ", "smtp_url", "'", "$config[", "action ", " relay ", " host ", "smtp ", "--port=", "relayhost",
                      "mailhub", "outgoing", "smtp+tls://", "/"]
        var random = SeededGenerator(seed: 16)
        for source in try Self.patterns() {
            let fast = try #require(BytePattern.compile(source))
            let slow = try #require(StdlibPattern(source))
            for _ in 0..<300 {
                var line = ""
                for _ in 0..<Int.random(in: 0...8, using: &random) { line += pieces.randomElement(using: &random)! }
                let bytes = Array(line.utf8)
                var scratch = MatchScratch()
                let matched = try bytes.withUnsafeBufferPointer { try fast.wholeMatch($0, &scratch) }
                let expected = bytes.withUnsafeBufferPointer { slow.wholeMatch($0) }
                #expect(matched == (expected != nil), "\(source) on \(line.debugDescription)")
                if matched, let expected {
                    for name in slow.names {
                        let slot = try #require(fast.groups[name])
                        let index = slow.names.firstIndex(of: name)!
                        #expect(Array(scratch.captures[(2 * slot)...(2 * slot + 1)]) == Array(expected[(2 * index)...(2 * index + 1)]),
                                "\(source) group \(name) on \(line.debugDescription)")
                    }
                }
                let occurs = bytes.withUnsafeBufferPointer { try? fast.occurs(in: $0, &scratch) }
                #expect(occurs == bytes.withUnsafeBufferPointer { slow.occurs(in: $0) }, "\(source) search in \(line.debugDescription)")
            }
        }
    }

    /// Detection's prefilter skips a marker when none of its required texts is in the head, so
    /// every line a pattern matches must contain one of them (letters folded).
    @Test func everyMatchContainsARequiredText() throws {
        #expect(BytePattern.compile("^\\[Account: [0-9]+\\]", searched: true)?.requiredTexts == [Array("[account: ".utf8)])
        #expect(BytePattern.compile("^[ \\t]*(account|defaults)([ \\t]|$)", searched: true)?.requiredTexts == [Array("account".utf8), Array("defaults".utf8)])
        #expect(BytePattern.compile("(?i)^[ \\t]*\\[[ \\t]*sendemail([ \\t.\"]|\\])", searched: true)?.requiredTexts == [Array("sendemail".utf8)])
        #expect(BytePattern.compile("a?[0-9]+", searched: true)?.requiredTexts == nil)
        #expect(BytePattern.compile("^\\[Account: [0-9]+\\]")?.requiredTexts == nil, "only markers work them out")
        #expect(BytePattern.compile("x(é|b)", searched: true)?.requiredTexts == [Array("x".utf8)])
        let pieces = [" ", "\t", "a", "Z", "0", "[", "]", "=", ":", "é", "account", "DEFAULTS", "SendEmail", "Account: ", "set ",
                      "smtp_url", "mailhub", "MAILHUB", "relayhost", "action ", " relay ", "smtp", "--port", "[Data Source]",
                      "DisplayName", "[Transport 1]", "host", "$config['", "smtp_host", "'] ", "outgoing", "smtps://", "REGEDIT4"]
        var random = SeededGenerator(seed: 17)
        var matches = 0
        for source in try Self.patterns() {
            let pattern = try #require(BytePattern.compile(source, searched: true))
            guard let texts = pattern.requiredTexts else { continue }
            for _ in 0..<400 {
                var line = ""
                for _ in 0..<Int.random(in: 0...8, using: &random) { line += pieces.randomElement(using: &random)! }
                let bytes = Array(line.utf8)
                var scratch = MatchScratch()
                guard bytes.withUnsafeBufferPointer({ (try? pattern.occurs(in: $0, &scratch)) == true }) else { continue }
                matches += 1
                let folded = bytes.map(ByteSearch.asciiLower)
                #expect(texts.contains { ByteSearch.firstIndex(ofExact: $0, in: folded) != nil }, "\(source) on \(line.debugDescription)")
            }
        }
        #expect(matches > 100)
    }

    /// Loading a profile works out its markers' required texts, so that detection can skip the
    /// profile on a file head that holds none of them (a nil would silently turn that off).
    @Test func builtInMarkersHaveRequiredTexts() throws {
        for adapter in try Profiles.adapters().compactMap({ $0 as? KeyValueAdapter }) {
            let markers = adapter.profile.detect.markers + adapter.profile.detect.requiredMarkers
            #expect(!markers.isEmpty || !adapter.profile.detect.fileNames.isEmpty)
            for marker in markers {
                #expect(marker.requiredTexts != nil, "\(adapter.name): \(marker.source)")
            }
        }
    }

    @Test func unsupportedPatternsFallBackAndBadOnesAreRefused() {
        #expect(BytePattern.compile("a(?=b)") == nil)
        #expect(BytePattern.compile("(a*)*") == nil)
        #expect(BytePattern.compile("\\bword") == nil)
        #expect(LinePattern("a(?=b)")?.isFast == false)
        #expect(LinePattern("(?<key>[a-z") == nil)
    }
}
