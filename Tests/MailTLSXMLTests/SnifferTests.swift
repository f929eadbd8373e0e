import MailTLSCore
import Testing

@testable import MailTLSXML

@Suite struct SnifferTests {
    static func root(_ bytes: [UInt8]) -> String? {
        XMLSniffer.rootLocalName(of: InputFile(name: "x", bytes: bytes))
    }

    @Test func findsTheRootInEveryEncoding() {
        let text = "<?xml version=\"1.0\"?>\r\n<!-- c -->\r\n<!DOCTYPE x [ <!ELEMENT x ANY> ]>\r\n<MessageAccount>\r\n</MessageAccount>"
        #expect(Self.root(TestBytes.utf8(text)) == "MessageAccount")
        #expect(Self.root(TestBytes.utf8(text, bom: true)) == "MessageAccount")
        #expect(Self.root(TestBytes.utf16LE(text)) == "MessageAccount")
        #expect(Self.root(TestBytes.utf16BE(text)) == "MessageAccount")
        #expect(Self.root(TestBytes.utf16LE(text, bom: false)) == "MessageAccount")
        #expect(Self.root(TestBytes.utf16BE(text, bom: false)) == "MessageAccount")
        #expect(Self.root(TestBytes.utf8("<a:Autodiscover xmlns:a='u'/>")) == "Autodiscover")
    }

    @Test func saysNothingForOtherFormats() {
        #expect(Self.root(TestBytes.utf8("user_pref(\"a\", 1);")) == nil)
        #expect(Self.root(TestBytes.utf8("[Internet Account List]\r\nAccount1=I_Mail\r\n")) == nil)
        #expect(Self.root(Array("fMAI".utf8) + [0, 0, 1, 2]) == nil)
        #expect(Self.root([]) == nil)
        #expect(Self.root(TestBytes.utf8("<!-- never closed")) == nil)
    }
}
