import Foundation
import MailTLSCore
import MailTLSTestSupport
import Testing

@Suite struct InputWalkerTests {
    func files(_ walker: InputWalker) -> [String] {
        walker.compactMap { if case .file(let task) = $0 { task.path } else { nil } }
    }

    func passedOver(_ walker: InputWalker) -> [String] {
        walker.compactMap { if case .passedOver(let path, let reason) = $0 { "\(FileIO.baseName(of: path)) \(reason)" } else { nil } }
    }

    /// Rules §7: an output or backup is passed over only when its source is beside it.
    @Test func ownOutputsAndBackupsArePassedOverOnlyBesideTheirSource() throws {
        let folder = try TemporaryFolder()
        for name in ["d/a.prf", "d/a-smtps.prf", "d/msmtprc", "d/msmtprc-smtps", "d/.msmtprc", "d/.msmtprc-smtps", "d/x.js", "d/x.js.bak",
                     "d/office-smtps.msmtprc", "d/lone.bak", "d/.a.prf.mailtls-Ab12Cd"] {
            try folder.write(name, [0x41])
        }
        let walker = InputWalker(paths: [folder.path("d")], ownFiles: OwnFiles())
        #expect(files(walker).map { FileIO.baseName(of: $0) } == [".msmtprc", "a.prf", "lone.bak", "msmtprc", "office-smtps.msmtprc", "x.js"])
        #expect(passedOver(walker) == [".msmtprc-smtps own-output", "a-smtps.prf own-output", "msmtprc-smtps own-output", "x.js.bak backup"])
        // Other suffixes are other names; `.none` passes nothing over.
        let custom = InputWalker(paths: [folder.path("d")], ownFiles: OwnFiles(suffix: "-new", backupSuffix: ".orig"))
        #expect(passedOver(custom).isEmpty)
        #expect(passedOver(InputWalker(paths: [folder.path("d")])).isEmpty)
        // Named on the command line: always an input.
        #expect(files(InputWalker(paths: [folder.path("d/a-smtps.prf")], ownFiles: OwnFiles())) == [folder.path("d/a-smtps.prf")])
    }

    /// Depth first, every folder's entries in byte order (upper case before lower case, "a-b"
    /// before "a.b" before "a/"), subfolders where their name sorts, not after the files.
    @Test func walksFoldersDepthFirstInByteOrderAtEveryLevel() throws {
        let folder = try TemporaryFolder()
        for name in ["d/b", "d/a", "d/B", "d/sub/z", "d/sub/c", "d/sub/deeper/q", "d/sub/b", "d/t", "d/é", "d/e", "d/a.b", "d/a-b", "d/A/x"] {
            try folder.write(name, [0x41])
        }
        let order = files(InputWalker(paths: [folder.path("d")])).map { String($0.dropFirst(folder.path("d").count + 1)) }
        #expect(order == ["A/x", "B", "a", "a-b", "a.b", "b", "e", "sub/b", "sub/c", "sub/deeper/q", "sub/z", "t", "é"])
    }

    @Test func symlinksInFoldersAreNotFollowed() throws {
        let folder = try TemporaryFolder()
        try folder.write("d/a", [0x41])
        try folder.write("outside/secret", [0x42])
        symlink(folder.path("outside"), folder.path("d/link"))
        symlink(folder.path("d"), folder.path("d/loop"))
        let events = Array(InputWalker(paths: [folder.path("d")]))
        #expect(files(InputWalker(paths: [folder.path("d")])) == [folder.path("d/a")])
        #expect(events.filter { if case .passedOver = $0 { true } else { false } }.count == 2)
    }

    @Test func namedPathsAreExplicitAndFolderFilesAreNot() throws {
        let folder = try TemporaryFolder()
        try folder.write("d/a", [0x41])
        let file = try folder.write("f", [0x41])
        let tasks = InputWalker(paths: [file, folder.path("d")]).compactMap { if case .file(let t) = $0 { t } else { nil } }
        #expect(tasks.map(\.explicit) == [true, false])
        #expect(tasks.last?.root == folder.path("d"))
    }

    @Test func missingPathIsReported() {
        let events = Array(InputWalker(paths: ["/nonexistent/q"]))
        #expect(events.count == 1)
        if case .unreadable(let path, _) = events.first { #expect(path == "/nonexistent/q") } else { Issue.record("expected unreadable") }
    }

    @Test func listReaderSplitsOnNulAndNewline() throws {
        let folder = try TemporaryFolder()
        let list = try folder.write("list", Array("a b\u{0}c\nd\u{0}\u{0}e".utf8))
        let nul = try ListReader.open(list, nulSeparated: true)
        #expect(Array(sequence(first: nul.next(), next: { _ in nul.next() }).compactMap { $0 }) == ["a b", "c\nd", "e"])
        let lines = try folder.write("lines", Array("x\r\ny\n\nz".utf8))
        let newline = try ListReader.open(lines, nulSeparated: false)
        #expect(Array(sequence(first: newline.next(), next: { _ in newline.next() }).compactMap { $0 }) == ["x", "y", "z"])
    }
}
