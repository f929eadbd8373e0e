import Foundation
import MailTLSCore
import MailTLSTestSupport
import Testing

@Suite struct InputWalkerTests {
    func files(_ walker: InputWalker) -> [String] {
        walker.compactMap { if case .file(let task) = $0 { task.path } else { nil } }
    }

    @Test func walksFoldersInNameOrderAndSkipsOwnFiles() throws {
        let folder = try TemporaryFolder()
        for name in ["d/b", "d/a", "d/sub/c", "d/a-smtps.prf", "d/x.bak"] { try folder.write(name, [0x41]) }
        let walker = InputWalker(paths: [folder.path("d")], ownFile: { $0.hasSuffix(".bak") || $0.contains("-smtps") })
        #expect(files(walker) == [folder.path("d/a"), folder.path("d/b"), folder.path("d/sub/c")])
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
