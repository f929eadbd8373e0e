import Foundation
import MailTLSCore
import MailTLSTestSupport
import Testing

@testable import MailTLSXML

/// External entities and entity bombs are refused, with no file outside the input ever opened.
@Suite struct HardeningTests {
    static func parseError(_ bytes: [UInt8]) -> InputError? {
        do {
            _ = try XMLDocument(parsing: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func sharedXXEFixtureIsRefusedAsExternalEntity() throws {
        let error = try #require(Self.parseError(try Fixtures.bytes("malformed", "xxe.oeaccount")))
        #expect(error.kind == .xmlExternalEntity)
        #expect(error.message.hasPrefix("XML: external entities are not allowed"))
        #expect(!error.message.contains("root:"))
    }

    @Test func sharedBillionLaughsFixtureIsRefusedAsEntityExpansion() throws {
        let error = try #require(Self.parseError(try Fixtures.bytes("malformed", "billion-laughs.xml")))
        #expect(error.kind == .xmlEntityExpansion)
        #expect(error.message.contains("entity declarations are not allowed"))
    }

    @Test func sharedEmptyFixtureIsRefusedAsEmpty() throws {
        let error = try #require(Self.parseError(try Fixtures.bytes("malformed", "empty.oeaccount")))
        #expect(error.kind == .empty)
    }

    /// Every way of declaring an entity, each pointing at a canary file whose content must not
    /// show up anywhere.
    static func entityDocuments(target: String) -> [(String, InputError.Kind)] {
        [
            ("<!DOCTYPE r [<!ENTITY e SYSTEM \"\(target)\">]><r>&e;</r>", .xmlExternalEntity),
            ("<!DOCTYPE r [<!ENTITY e PUBLIC \"-//X//Y\" \"\(target)\">]><r>&e;</r>", .xmlExternalEntity),
            ("<!DOCTYPE r [<!ENTITY % p SYSTEM \"\(target)\"> %p;]><r/>", .xmlExternalEntity),
            ("<!DOCTYPE r [<!NOTATION n SYSTEM \"x\"><!ENTITY e SYSTEM \"\(target)\" NDATA n>]><r a=\"e\"/>", .xmlExternalEntity),
            ("<!DOCTYPE r [<!ENTITY e \"inline\">]><r>&e;</r>", .xmlEntityExpansion),
            ("<!DOCTYPE r [<!ENTITY % p \"<!ENTITY q SYSTEM '\(target)'>\"> %p;]><r>&q;</r>", .xmlEntityExpansion),
        ]
    }

    @Test func entityDeclarationsAreRefusedAndTheCanaryIsNeverRead() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailtls-canary-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let canary = "CANARY-\(UUID().uuidString)"
        let file = folder.appendingPathComponent("secret.txt")
        try Data(canary.utf8).write(to: file)
        for target in [file.path, file.absoluteString] {
            for (text, kind) in Self.entityDocuments(target: target) {
                for bytes in [TestBytes.utf8(text), TestBytes.utf16LE(text)] {
                    let error = try #require(Self.parseError(bytes), "accepted: \(text)")
                    #expect(error.kind == kind, "\(text): \(error.message)")
                    #expect(!error.message.contains(canary))
                }
            }
        }
    }

    /// The strongest proof: the entity targets a FIFO. Opening a FIFO for reading blocks until
    /// a writer appears, and a non-blocking open for writing succeeds only while a reader has
    /// it open; the watcher would see libxml2 opening it (and unblock it).
    @Test func noDeclaredFileIsEverOpened() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailtls-fifo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("canary.fifo").path
        try #require(mkfifo(fifo, 0o600) == 0)
        var documents = Self.entityDocuments(target: fifo).map(\.0)
        // An external DTD subset is allowed but never loaded; an entity it might define
        // cannot be resolved and is refused.
        documents.append("<!DOCTYPE r SYSTEM \"\(fifo)\"><r>x</r>")
        documents.append("<!DOCTYPE r PUBLIC \"-//X//Y\" \"file://\(fifo)\"><r>&e;</r>")
        for text in documents {
            let watcher = FIFOWatcher(path: fifo)
            watcher.start()
            _ = Self.parseError(TestBytes.utf8(text))
            #expect(!watcher.stop(), "libxml2 opened the FIFO for: \(text)")
        }
    }

    /// Control for the test above: a reader opening the FIFO is seen by the watcher.
    @Test func fifoWatcherSeesAReader() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailtls-fifo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("control.fifo").path
        try #require(mkfifo(fifo, 0o600) == 0)
        let watcher = FIFOWatcher(path: fifo)
        watcher.start()
        let fd = open(fifo, O_RDONLY)  // blocks until the watcher opens the other end
        #expect(fd >= 0)
        if fd >= 0 { close(fd) }
        #expect(watcher.stop())
    }

    @Test func externalSubsetIsAcceptedWithoutLoading() throws {
        let xml = try XMLDocument(parsing: TestBytes.utf8("<!DOCTYPE r SYSTEM \"/nonexistent/x.dtd\"><r><p>1</p></r>"))
        #expect(xml.root.child("p")?.value == "1")
        let error = try #require(Self.parseError(TestBytes.utf8("<!DOCTYPE r SYSTEM \"/nonexistent/x.dtd\"><r>&e;</r>")))
        #expect(error.kind == .xmlEntityExpansion)
    }
}

/// Polls a FIFO with non-blocking opens for writing; one success means someone opened it
/// for reading.
final class FIFOWatcher: @unchecked Sendable {
    private let path: String
    private let lock = NSLock()
    private var stopped = false
    private var opened = false
    private let done = DispatchSemaphore(value: 0)

    init(path: String) { self.path = path }

    func start() {
        // The write below may hit a reader that already closed: an EPIPE, not a SIGPIPE that
        // would kill the whole test process.
        signal(SIGPIPE, SIG_IGN)
        Thread.detachNewThread { [self] in
            while !isStopped {
                let fd = open(path, O_WRONLY | O_NONBLOCK)
                if fd >= 0 {
                    lock.withLock { opened = true }
                    _ = "leaked".withCString { write(fd, $0, 6) }
                    close(fd)
                }
                usleep(1000)
            }
            done.signal()
        }
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    /// Stops polling; true when the FIFO was opened by a reader at any time.
    func stop() -> Bool {
        lock.withLock { stopped = true }
        done.wait()
        return lock.withLock { opened }
    }
}
