import Foundation
import MailTLSCore
import MailTLSTestSupport
import Testing

@Suite struct AtomicFileWriterTests {
    let writer = AtomicFileWriter()

    @Test func createNewRefusesAnExistingFile() throws {
        let folder = try TemporaryFolder()
        try folder.write("out", Array("old".utf8))
        let error = try #require(throws: IOFailure.self) {
            try writer.write(Array("new".utf8), to: folder.path("out"), mode: .createNew, permissions: 0o644)
        }
        #expect(error.isExistingDestination)
        #expect(try folder.read("out") == Array("old".utf8))
        #expect(folder.files() == ["out"], "temporary file removed")
    }

    @Test func replaceKeepsRequestedPermissions() throws {
        let folder = try TemporaryFolder()
        try folder.write("out", Array("old".utf8), mode: 0o644)
        try writer.write(Array("new".utf8), to: folder.path("out"), mode: .replace, permissions: 0o600)
        #expect(try folder.read("out") == Array("new".utf8))
        #expect(try folder.mode("out") == 0o600)
    }

    @Test func permissionsAreMaskedToFileBits() throws {
        let folder = try TemporaryFolder()
        try writer.write([1], to: folder.path("x"), mode: .createNew, permissions: 0o4755)
        #expect(try folder.mode("x") == 0o755)
    }

    @Test func failureInReadOnlyFolderLeavesNothing() throws {
        guard getuid() != 0 else { return }  // root may write anywhere; covered by the hostile-input script
        let folder = try TemporaryFolder()
        chmod(folder.url.path, 0o555)
        #expect(throws: IOFailure.self) { try writer.write([1], to: folder.path("x"), mode: .createNew, permissions: 0o644) }
        chmod(folder.url.path, 0o755)
        #expect(folder.files().isEmpty)
    }

    @Test func backupIsAnExactCopyAndASecondOneIsANoOp() throws {
        let folder = try TemporaryFolder()
        let original = Array("original".utf8)
        let path = try folder.write("a", original)
        let facts = try FileIO.facts(path)
        try writer.backUp(path, to: path + ".bak", original: original, facts: facts, overwrite: false)
        #expect(try folder.read("a.bak") == original)
        try writer.backUp(path, to: path + ".bak", original: original, facts: facts, overwrite: false)
        #expect(try folder.read("a.bak") == original)
    }

    /// A backup left by an interrupted run (same content as the file) is reused, not refused;
    /// a different one is refused unless overwriting is allowed.
    @Test func leftoverBackupWithSameContentIsReused() throws {
        let folder = try TemporaryFolder()
        let original = Array("original".utf8)
        let path = try folder.write("a", original)
        let facts = try FileIO.facts(path)
        try folder.write("a.bak", original)
        try writer.backUp(path, to: path + ".bak", original: original, facts: facts, overwrite: false)
        try folder.write("a.bak", Array("older".utf8))
        #expect(throws: IOFailure.self) { try writer.backUp(path, to: path + ".bak", original: original, facts: facts, overwrite: false) }
        try writer.backUp(path, to: path + ".bak", original: original, facts: facts, overwrite: true)
        #expect(try folder.read("a.bak") == original)
    }

    @Test func readRefusesLargeFilesWithoutReading() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("big", [UInt8](repeating: 0x41, count: 1000))
        let error = try #require(throws: IOFailure.self) { try FileIO.read(path, limit: 999) }
        #expect(error.reason.contains("larger than the limit"))
        #expect(error.isTooLarge && error.code == "too-large")
        // The core names no command-line option: profiles and provider tables have their own limit.
        #expect(!error.reason.contains("--"))
        #expect(try FileIO.read(path, limit: 1000).bytes.count == 1000)
    }

    @Test func outputPaths() {
        #expect(OutputPaths.beside("dir/a.prf", suffix: "-smtps") == "dir/a-smtps.prf")
        #expect(OutputPaths.beside("prefs.js", suffix: "-smtps") == "prefs-smtps.js")
        #expect(OutputPaths.beside("/h/.msmtprc", suffix: "-smtps") == "/h/.msmtprc-smtps")
        #expect(OutputPaths.beside("config", suffix: "-x") == "config-x")
        #expect(OutputPaths.mirrored("in/sub/a.prf", root: "in", into: "out") == "out/sub/a.prf")
        #expect(OutputPaths.mirrored("/x/a.prf", root: nil, into: "out/") == "out/a.prf")
        #expect(OutputPaths.mirrored("./a b/c.prf", root: "", into: "out") == "out/a b/c.prf")
        #expect(OutputPaths.mirrored("/srv/x/c.prf", root: "", into: "out") == "out/srv/x/c.prf")
        #expect(OutputPaths.mirrored("../../etc/c.prf", root: "", into: "out") == "out/etc/c.prf")
    }
}
