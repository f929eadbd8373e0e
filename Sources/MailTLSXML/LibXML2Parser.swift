import CLibXML2
import MailTLSCore

/// An element as libxml2 read it: the reference view of the document that the byte scanner
/// must agree with. Text is what libxml2 resolved (character references, predefined entities,
/// CDATA, line endings normalised to LF).
struct LibXMLElement {
    var prefix: String?
    var localName: String
    var namespaceURI: String?
    var attributes: [XMLAttribute]
    /// The element's own text nodes, concatenated (not its descendants').
    var text: String
    var children: [LibXMLElement]
    var line: Int

    var qualifiedName: String { prefix.map { "\($0):\(localName)" } ?? localName }
}

/// The only code that talks to libxml2. One parser context per call, every setting on that
/// context (options, SAX overrides, error sink), so parses on several threads never share
/// state and nothing is ever printed.
enum LibXML2Parser {
    /// Hardened: never the network, never the external DTD subset, no entity substitution,
    /// libxml2's default size and depth limits (no `XML_PARSE_HUGE`). CDATA is merged into
    /// text so the tree's text equals what the byte scanner decodes. Blank text is kept.
    static let options: Int32 = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_NOCDATA.rawValue)

    /// libxml2 wants one global initialisation before any parse; `static let` runs it once,
    /// thread-safely.
    private static let initialised: Bool = {
        xmlInitParser()
        return true
    }()

    static func parse(_ bytes: [UInt8]) throws(InputError) -> LibXMLElement {
        precondition(initialised)
        guard !bytes.isEmpty else { throw InputError(.empty, "empty file") }
        guard bytes.count < Int32.max else { throw InputError(.unsupportedFormat, "XML: file too large") }
        guard let context = xmlNewParserCtxt() else {
            throw InputError(.unsupportedFormat, "XML: libxml2 could not create a parser")
        }
        defer { xmlFreeParserCtxt(context) }
        let watch = ParseWatch()
        let watchPointer = Unmanaged.passRetained(watch)
        defer { watchPointer.release() }
        context.pointee._private = watchPointer.toOpaque()
        installGuards(on: context)

        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                xmlCtxtReadMemory(context, chars, Int32(buffer.count), nil, nil, options)
            }
        }
        defer { if let document { xmlFreeDoc(document) } }

        if let refused = watch.refused { throw refused }
        guard let document, context.pointee.wellFormed != 0 else { throw syntaxError(watch.firstError ?? reported(context.pointee.lastError)) }
        guard let root = xmlDocGetRootElement(document) else {
            throw InputError(.syntax, "XML: no root element")
        }
        return try element(root, depth: 0)
    }

    // MARK: - Entity and DTD guards

    /// What the SAX callbacks saw. The first entity declaration stops the parser on the spot,
    /// before any reference to it can be expanded or any URI opened. The first error is kept
    /// because it names the real fault: libxml2 goes on reading after it, and its last error is
    /// usually a consequence ("Premature end of data" at the end of the file).
    private final class ParseWatch {
        var refused: InputError?
        var firstError: (line: Int, message: String)?
    }

    /// The watch of the context behind `rawContext` (libxml2 passes the context as user data).
    private static func watch(_ rawContext: UnsafeMutableRawPointer?) -> ParseWatch? {
        guard let rawContext else { return nil }
        let context = rawContext.assumingMemoryBound(to: xmlParserCtxt.self)
        guard let watchPointer = context.pointee._private else { return nil }
        return Unmanaged<ParseWatch>.fromOpaque(watchPointer).takeUnretainedValue()
    }

    private static func installGuards(on context: xmlParserCtxtPtr) {
        guard let sax = context.pointee.sax else { return }
        // Errors are never printed: the structured handler copies the first one (libxml2 frees
        // its message when the next error comes).
        sax.pointee.serror = { _, error in
            guard let error, let watch = LibXML2Parser.watch(error.pointee.ctxt), watch.firstError == nil else { return }
            watch.firstError = LibXML2Parser.reported(error.pointee)
        }
        sax.pointee.entityDecl = { context, name, type, publicID, systemID, _ in
            LibXML2Parser.refuseEntity(context, name, external: LibXML2Parser.isExternal(type) || publicID != nil || systemID != nil)
        }
        sax.pointee.unparsedEntityDecl = { context, name, _, _, _ in
            LibXML2Parser.refuseEntity(context, name, external: true)
        }
        // Belt and braces: no DTD subset is fetched and no entity is ever resolved to a URI.
        sax.pointee.externalSubset = { _, _, _, _ in }
        sax.pointee.resolveEntity = { _, _, _ in nil }
    }

    private static func isExternal(_ type: Int32) -> Bool {
        let kind = UInt32(bitPattern: type)
        return kind == XML_EXTERNAL_GENERAL_PARSED_ENTITY.rawValue
            || kind == XML_EXTERNAL_GENERAL_UNPARSED_ENTITY.rawValue
            || kind == XML_EXTERNAL_PARAMETER_ENTITY.rawValue
    }

    private static func refuseEntity(_ rawContext: UnsafeMutableRawPointer?, _ name: UnsafePointer<xmlChar>?, external: Bool) {
        guard let rawContext, let watch = watch(rawContext) else { return }
        let context = rawContext.assumingMemoryBound(to: xmlParserCtxt.self)
        if watch.refused == nil {
            let line = context.pointee.input.map { Int($0.pointee.line) } ?? 0
            let entity = name.map { String(cString: $0) } ?? "?"
            watch.refused = external
                ? InputError(.xmlExternalEntity, "XML: external entities are not allowed (entity '\(entity)', line \(line))")
                : InputError(.xmlEntityExpansion, "XML: entity declarations are not allowed (entity '\(entity)', line \(line))")
        }
        xmlStopParser(context)
    }

    /// An error's line and message, copied out of libxml2's memory.
    private static func reported(_ error: xmlError) -> (line: Int, message: String) {
        var message = error.message.map { String(cString: $0) } ?? ""
        while let last = message.last, last.isWhitespace { message.removeLast() }
        return (Int(error.line), message)
    }

    private static func syntaxError(_ error: (line: Int, message: String)) -> InputError {
        let message = error.message.isEmpty ? "not well-formed" : error.message
        let line = error.line > 0 ? "line \(error.line): " : ""
        return InputError(.syntax, "XML: \(line)\(message)")
    }

    // MARK: - Tree snapshot

    private static func element(_ node: xmlNodePtr, depth: Int) throws(InputError) -> LibXMLElement {
        let name = string(node.pointee.name)
        var result = LibXMLElement(
            prefix: node.pointee.ns.flatMap { $0.pointee.prefix.map { String(cString: $0) } },
            localName: name,
            namespaceURI: node.pointee.ns.flatMap { $0.pointee.href.map { String(cString: $0) } },
            attributes: attributes(of: node),
            text: "", children: [], line: Int(xmlGetLineNo(node)))
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                result.children.append(try element(current, depth: depth + 1))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                result.text += string(current.pointee.content)
            case XML_ENTITY_REF_NODE:
                throw InputError(.xmlEntityExpansion, "XML: line \(xmlGetLineNo(current)): entity reference &\(string(current.pointee.name)); cannot be resolved (entities are not allowed)")
            default:
                break  // comments and processing instructions carry no settings
            }
            child = current.pointee.next
        }
        return result
    }

    private static func attributes(of node: xmlNodePtr) -> [XMLAttribute] {
        var result: [XMLAttribute] = []
        var property = node.pointee.properties
        while let current = property {
            let prefix = current.pointee.ns.flatMap { $0.pointee.prefix.map { String(cString: $0) } }
            let local = string(current.pointee.name)
            var value = ""
            var part = current.pointee.children
            while let text = part {
                value += string(text.pointee.content)
                part = text.pointee.next
            }
            result.append(XMLAttribute(name: prefix.map { "\($0):\(local)" } ?? local, value: value))
            property = current.pointee.next
        }
        return result
    }

    private static func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    private static func string(_ pointer: UnsafeMutablePointer<xmlChar>?) -> String {
        string(UnsafePointer(pointer))
    }
}
