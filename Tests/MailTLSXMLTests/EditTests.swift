import Foundation
import MailTLSCore
import MailTLSTestSupport
import Testing

@testable import MailTLSXML

@Suite struct EditTests {
    static func apply(_ bytes: [UInt8], _ edits: [ByteEdit]) throws -> [UInt8] {
        try splice(bytes, edits)
    }

    @Test func replacingAValueChangesOnlyItsBytesInUTF16() throws {
        let text = "<?xml version=\"1.0\" encoding=\"utf-16\"?>\r\n<R>\r\n\t<P type=\"DWORD\"> 0000024b </P>\r\n</R>\r\n"
        for (bytes, encode) in [(TestBytes.utf16LE(text), TestBytes.utf16LE), (TestBytes.utf16BE(text), TestBytes.utf16BE)] {
            let xml = try XMLDocument(parsing: bytes)
            let edit = xml.replacingValue(of: try #require(xml.root.child("P")), with: "000001d1")
            let output = try Self.apply(bytes, [edit])
            #expect(output == encode(text.replacingOccurrences(of: "0000024b", with: "000001d1"), true))
        }
    }

    @Test func replacingEscapesAndHandlesEmptyForms() throws {
        let text = "<r><a/><b x='1' /><c></c><d><!--x-->1</d></r>"
        let bytes = TestBytes.utf8(text)
        let xml = try XMLDocument(parsing: bytes)
        let edits = [
            xml.replacingValue(of: try #require(xml.root.child("a")), with: "465"),
            xml.replacingValue(of: try #require(xml.root.child("b")), with: "a<b"),
            xml.replacingValue(of: try #require(xml.root.child("c")), with: "SSL"),
            xml.replacingValue(of: try #require(xml.root.child("d")), with: "2"),
        ]
        let output = String(decoding: try Self.apply(bytes, edits), as: UTF8.self)
        #expect(output == "<r><a>465</a><b x='1' >a&lt;b</b><c>SSL</c><d>2</d></r>")
        let again = try XMLDocument(parsing: Array(output.utf8))
        #expect(again.root.child("b")?.value == "a<b")
    }

    @Test func insertingCopiesIndentationAndLineEnding() throws {
        let text = "<R>\r\n\t\t<A>1</A>\r\n\t\t<B type=\"DWORD\">1</B>\r\n</R>\r\n"
        let bytes = TestBytes.utf16LE(text)
        let xml = try XMLDocument(parsing: bytes)
        let edit = xml.inserting(
            "P", attributes: [XMLAttribute(name: "type", value: "DWORD")], value: "000001d1",
            after: try #require(xml.root.child("B")))
        let output = try Self.apply(bytes, [edit])
        let expected = "<R>\r\n\t\t<A>1</A>\r\n\t\t<B type=\"DWORD\">1</B>\r\n\t\t<P type=\"DWORD\">000001d1</P>\r\n</R>\r\n"
        #expect(output == TestBytes.utf16LE(expected))
    }

    @Test func insertingWithLFAndSpaces() throws {
        let text = "<R>\n    <A>1</A>   \n</R>"
        let bytes = TestBytes.utf8(text, bom: true)
        let xml = try XMLDocument(parsing: bytes)
        let output = try Self.apply(bytes, [xml.inserting("P", value: "465", after: try #require(xml.root.child("A")))])
        #expect(output == TestBytes.utf8("<R>\n    <A>1</A>\n    <P>465</P>   \n</R>", bom: true))
    }

    @Test func insertingInlineWhenTheSiblingSharesItsLine() throws {
        let text = "<p:R xmlns:p=\"urn:x\"><p:A>1</p:A><p:B>2</p:B>\n</p:R>"
        let bytes = TestBytes.utf8(text)
        let xml = try XMLDocument(parsing: bytes)
        let output = try Self.apply(bytes, [xml.inserting("P", value: "465", after: try #require(xml.root.child("A")))])
        let result = String(decoding: output, as: UTF8.self)
        #expect(result == "<p:R xmlns:p=\"urn:x\"><p:A>1</p:A><p:P>465</p:P><p:B>2</p:B>\n</p:R>")
        let again = try XMLDocument(parsing: output)
        #expect(again.root.child("P")?.namespaceURI == "urn:x")
    }

    @Test func insertingInCP932KeepsTheRestByteForByte() throws {
        let text = "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\r\n<R>\r\n  <N>\u{8868}\u{793A}</N>\r\n  <S>1</S>\r\n</R>\r\n"
        let bytes = TestBytes.cp932(text)
        let xml = try XMLDocument(parsing: bytes)
        #expect(xml.encoding == .cp932)
        #expect(xml.root.child("N")?.value == "\u{8868}\u{793A}")
        let output = try Self.apply(bytes, [xml.inserting("P", value: "465", after: try #require(xml.root.child("S")))])
        #expect(output == TestBytes.cp932(text.replacingOccurrences(of: "<S>1</S>\r\n", with: "<S>1</S>\r\n  <P>465</P>\r\n")))
    }

    @Test func removingTakesItsOwnLinesOrOnlyItsBytes() throws {
        // (document, element to remove, expected result)
        let cases: [(String, String, String)] = [
            ("<R>\n  <A>1</A>\n  <B>2</B>\n</R>\n", "A", "<R>\n  <B>2</B>\n</R>\n"),
            ("<R>\r\n\t<A>1</A> \r\n</R>", "A", "<R>\r\n</R>"),
            ("<R>\r<A/>\r</R>\r", "A", "<R>\r</R>\r"),
            ("<R>\n  <A>\n    <C/>\n  </A>  \n</R>", "A", "<R>\n</R>"),
            ("<R><A>1</A><B/>\n</R>", "A", "<R><B/>\n</R>"),
            ("<R>\n<A/></R>", "A", "<R>\n</R>"),
        ]
        for (text, name, expected) in cases {
            for (bytes, encode) in [
                (TestBytes.utf8(text, bom: true), { TestBytes.utf8($0, bom: true) }),
                (TestBytes.utf16LE(text), { TestBytes.utf16LE($0) }),
            ] as [([UInt8], (String) -> [UInt8])] {
                let xml = try XMLDocument(parsing: bytes)
                let output = try Self.apply(bytes, [xml.removing(try #require(xml.root.child(name)))])
                #expect(output == encode(expected), "\(text.debugDescription)")
            }
        }
    }

    @Test func fillingAnEmptyElementTagInUTF16() throws {
        let text = "<R>\r\n  <P/>\r\n</R>\r\n"
        let bytes = TestBytes.utf16BE(text)
        let xml = try XMLDocument(parsing: bytes)
        let output = try Self.apply(bytes, [xml.replacingValue(of: try #require(xml.root.child("P")), with: "465")])
        #expect(output == TestBytes.utf16BE("<R>\r\n  <P>465</P>\r\n</R>\r\n"))
    }
}
