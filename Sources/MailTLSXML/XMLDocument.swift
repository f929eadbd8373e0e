import CLibXML2
import MailTLSCore

// Placeholder until the XML foundation lands (issue 4): the only module that touches libxml2.
enum LibXML2 {
    static var version: Int32 { LIBXML_VERSION }
}
