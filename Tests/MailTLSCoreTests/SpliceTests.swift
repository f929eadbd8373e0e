import MailTLSCore
import Testing

@Suite struct SpliceTests {
    let bytes = Array("port=587\nssl=2\n".utf8)

    @Test func replacesAndInsertsInAnyOrder() throws {
        let edits = [
            ByteEdit(insertAt: 15, Array("x=1\n".utf8)),
            ByteEdit(replacing: 5..<8, with: Array("465".utf8)),
            ByteEdit(replacing: 13..<14, with: Array("1".utf8)),
        ]
        #expect(try splice(bytes, edits) == Array("port=465\nssl=1\nx=1\n".utf8))
    }

    @Test func noEditsIsIdentity() throws {
        #expect(try splice(bytes, []) == bytes)
    }

    @Test func insertionsAtOneOffsetKeepTheirOrder() throws {
        let edits = [ByteEdit(insertAt: 0, [0x41]), ByteEdit(insertAt: 0, [0x42])]
        #expect(try splice([0x43], edits) == [0x41, 0x42, 0x43])
    }

    @Test func insertionBeforeReplacementAtSameOffset() throws {
        let edits = [ByteEdit(replacing: 0..<1, with: [0x5A]), ByteEdit(insertAt: 0, [0x41])]
        #expect(try splice([0x43, 0x44], edits) == [0x41, 0x5A, 0x44])
    }

    @Test func rejectsOverlap() {
        let edits = [ByteEdit(replacing: 0..<4, with: []), ByteEdit(replacing: 2..<6, with: [])]
        #expect(throws: SpliceError.self) { try splice(bytes, edits) }
    }

    @Test func rejectsInsertionInsideReplacement() {
        let edits = [ByteEdit(replacing: 0..<4, with: []), ByteEdit(insertAt: 2, [0x41])]
        #expect(throws: SpliceError.self) { try splice(bytes, edits) }
    }

    @Test func rejectsOutOfBounds() {
        #expect(throws: SpliceError.self) { try splice(bytes, [ByteEdit(replacing: 10..<99, with: [])]) }
    }
}
