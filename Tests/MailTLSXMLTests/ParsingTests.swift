import Foundation
import MailTLSCore
import MailTLSTestSupport
import Testing

@testable import MailTLSXML

@Suite struct ParsingTests {
    static let sample = "<?xml version=\"1.0\" encoding=\"ENC\"?>\r\n<Root>\r\n\t<Name type=\"SZ\">Jos\u{E9} \u{65E5}\u{672C}</Name>\r\n\t<Port type=\"DWORD\">0000024b</Port>\r\n</Root>\r\n"

    static func document(_ encodingName: String) -> String {
        sample.replacingOccurrences(of: "ENC", with: encodingName)
    }

    static let encodings: [(String, [UInt8], TextEncoding)] = [
        ("UTF-8", TestBytes.utf8(document("utf-8")), .utf8(bom: false)),
        ("UTF-8 BOM", TestBytes.utf8(document("utf-8"), bom: true), .utf8(bom: true)),
        ("UTF-16LE BOM", TestBytes.utf16LE(document("utf-16")), .utf16LE),
        ("UTF-16BE BOM", TestBytes.utf16BE(document("utf-16")), .utf16BE),
        ("UTF-16LE no BOM", TestBytes.utf16LE(document("utf-16"), bom: false), .utf16LE),
        ("UTF-16BE no BOM", TestBytes.utf16BE(document("utf-16"), bom: false), .utf16BE),
        ("Shift_JIS", TestBytes.cp932(document("Shift_JIS").replacingOccurrences(of: "\u{E9}", with: "e")), .cp932),
    ]

    @Test(arguments: encodings.indices)
    func readsEveryEncodingAndLocatesValues(_ index: Int) throws {
        let (label, bytes, encoding) = Self.encodings[index]
        let xml = try XMLDocument(parsing: bytes)
        #expect(xml.encoding == encoding, "\(label)")
        #expect(xml.root.localName == "Root")
        let name = try #require(xml.root.child("Name"))
        let port = try #require(xml.root.child("Port"))
        #expect(name.value.hasSuffix("\u{65E5}\u{672C}"), "\(label)")
        #expect(name.attribute("type") == "SZ")
        #expect(port.value == "0000024b")
        #expect(port.line == 4)
        // The located byte ranges decode to exactly the values libxml2 read.
        #expect(encoding.decode(bytes[port.valueRange]) == "0000024b", "\(label)")
        #expect(encoding.decode(bytes[name.valueRange]) == name.value, "\(label)")
        #expect(encoding.decode(bytes[port.range]) == "<Port type=\"DWORD\">0000024b</Port>", "\(label)")
    }

    @Test func utf8DocumentLabelledUTF16IsRefusedByLibxml2() {
        do {
            _ = try XMLDocument(parsing: TestBytes.utf8("<?xml version=\"1.0\" encoding=\"utf-16\"?><a><b>1</b></a>"))
            Issue.record("accepted")
        } catch {
            #expect(error.kind == .syntax)
            #expect(error.message.contains("UTF-16"), "\(error.message)")
        }
    }

    @Test func unsupportedDeclaredEncodingWithNonASCIIBytesIsRefused() {
        let bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf".utf8) + [0xE9] + Array("</a>".utf8)
        #expect(throws: InputError.self) { try XMLDocument(parsing: bytes) }
        do {
            _ = try XMLDocument(parsing: bytes)
        } catch {
            #expect(error.kind == .unsupportedFormat)
            #expect(error.message.contains("ISO-8859-1"))
        }
    }

    @Test func namespacesAreMatchedByLocalName() throws {
        let text = """
            <?xml version="1.0"?>
            <a:Autodiscover xmlns:a="urn:one"><Response xmlns="urn:two"><Protocol><Type>SMTP</Type></Protocol></Response></a:Autodiscover>
            """
        let xml = try XMLDocument(parsing: TestBytes.utf8(text))
        #expect(xml.root.name == "a:Autodiscover")
        #expect(xml.root.localName == "Autodiscover")
        #expect(xml.root.prefix == "a")
        #expect(xml.root.namespaceURI == "urn:one")
        let response = try #require(xml.root.child("Response"))
        #expect(response.namespaceURI == "urn:two")
        #expect(response.child("Protocol")?.child("Type")?.value == "SMTP")
    }

    @Test func referencesCDATAAndCommentsResolveLikeLibxml2() throws {
        let text = """
            <r a='x &gt; "y"' b="1>2">
              <v>&#52;&#x36;5</v>
              <w><![CDATA[<raw> & ]]></w>
              <c><!-- note -->587</c>
              <e></e>
              <s/>
              <t> padded </t>
            </r>
            """
        let bytes = TestBytes.utf8(text)
        let xml = try XMLDocument(parsing: bytes)
        #expect(xml.root.attribute("a") == "x > \"y\"")
        #expect(xml.root.attribute("b") == "1>2")
        #expect(xml.root.child("v")?.value == "465")
        #expect(xml.root.child("w")?.value == "<raw> &")
        let c = try #require(xml.root.child("c"))
        #expect(c.value == "587")
        #expect(String(decoding: bytes[c.valueRange], as: UTF8.self) == "<!-- note -->587")
        let e = try #require(xml.root.child("e"))
        #expect(e.value.isEmpty && e.valueRange.isEmpty)
        let t = try #require(xml.root.child("t"))
        #expect(String(decoding: bytes[t.valueRange], as: UTF8.self) == "padded")
        #expect(xml.root.child("s")?.value == "")
    }

    @Test func doctypeWithoutEntitiesIsSkipped() throws {
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [\n <!ELEMENT r ANY>\n <!ATTLIST r x CDATA \"a>b\">\n <!-- ] > -->\n]>\n<r><p>25</p></r>\n"
        let bytes = TestBytes.utf8(text)
        let xml = try XMLDocument(parsing: bytes)
        let p = try #require(xml.root.child("p"))
        #expect(String(decoding: bytes[p.valueRange], as: UTF8.self) == "25")
        // DTD attribute defaults are not applied (no XML_PARSE_DTDATTR).
        #expect(xml.root.attribute("x") == nil)
    }

    @Test(arguments: [
        ("<a><b></a>", "mismatch"),
        ("<a>", "unclosed"),
        ("hello world", "junk"),
        ("<a></a><b></b>", "two roots"),
        ("<a x=1></a>", "unquoted attribute"),
        ("<a>&bogus;</a>", "undeclared entity"),
        ("\u{89}PNG\r\n\u{1A}\n", "binary"),
    ])
    func malformedInputIsASyntaxError(_ text: String, _ label: String) {
        do {
            _ = try XMLDocument(parsing: TestBytes.utf8(text))
            Issue.record("\(label) was accepted")
        } catch {
            #expect(error.message.hasPrefix("XML: "), "\(label): \(error.message)")
            #expect(error.kind == .syntax || error.kind == .xmlEntityExpansion, "\(label): \(error.kind)")
        }
    }

    @Test func syntaxErrorNamesTheLine() {
        do {
            _ = try XMLDocument(parsing: TestBytes.utf8("<a>\n<b>\n</c>\n</a>"))
            Issue.record("accepted")
        } catch {
            #expect(error.kind == .syntax)
            #expect(error.message.contains("line 3"), "\(error.message)")
        }
    }

    /// libxml2 reads on after the first error and its last error is a consequence at the end of
    /// the file (here "line 32: Premature end of data in tag emailProvider"); the message names
    /// the first, where the fault is.
    @Test func syntaxErrorNamesTheFirstError() {
        let servers = (1...5).map { _ in "    <outgoingServer type=\"smtp\">\n      <port>465</port>\n      <socketType>SSL</socketType>\n    </outgoingServer>\n" }
        let text = "<?xml version=\"1.0\"?>\n<clientConfig version=\"1.1\">\n  <emailProvider id=\"example.org\">\n"
            + "    <outgoingServer type=\"smtp\">\n      <hostname>smtp.example.org</hostname>\n      <port>587</port>\n"
            + "      <socketType>STARTTLS</socketType>\n      <username>%EMAILADDRESS%<username>\n    </outgoingServer>\n"
            + servers.joined() + "  </emailProvider>\n</clientConfig>\n"
        #expect(text.split(separator: "\n").count == 31)
        #expect {
            try XMLDocument(parsing: TestBytes.utf8(text))
        } throws: { error in
            (error as? InputError) == InputError(.syntax, "XML: line 9: Opening and ending tag mismatch: username line 8 and outgoingServer")
        }
    }

    @Test func emptyAndOversizedInputsAreRefused() {
        #expect(throws: InputError(.empty, "empty file")) { try XMLDocument(parsing: []) }
        let big = TestBytes.utf8("<a>" + String(repeating: "x", count: XMLDocument.maximumSize) + "</a>")
        do {
            _ = try XMLDocument(parsing: big)
            Issue.record("accepted")
        } catch {
            #expect(error.kind == .unsupportedFormat)
        }
    }

    @Test func deepNestingIsRefusedByLibxml2sLimit() {
        let depth = 5000
        let text = String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
        #expect(throws: InputError.self) { try XMLDocument(parsing: TestBytes.utf8(text)) }
    }

    @Test func parsesConcurrently() async throws {
        let bytes = Self.encodings.map(\.1)
        let values = try await withThrowingTaskGroup(of: String.self) { group in
            for round in 0..<32 {
                let input = bytes[round % bytes.count]
                group.addTask { try XMLDocument(parsing: input).root.child("Port")?.value ?? "" }
            }
            var all: [String] = []
            for try await value in group { all.append(value) }
            return all
        }
        #expect(values.count == 32)
        #expect(values.allSatisfy { $0 == "0000024b" })
    }
}
