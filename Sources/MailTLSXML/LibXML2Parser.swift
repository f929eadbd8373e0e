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
        let watch = DeclarationWatch()
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
        guard let document, context.pointee.wellFormed != 0 else { throw syntaxError(context) }
        guard let root = xmlDocGetRootElement(document) else {
            throw InputError(.syntax, "XML: no root element")
        }
        return try element(root, depth: 0)
    }

    // MARK: - Entity and DTD guards

    /// What the SAX guards saw. The first entity declaration stops the parser on the spot,
    /// before any reference to it can be expanded or any URI opened.
    private final class DeclarationWatch {
        var refused: InputError?
    }

    private static func installGuards(on context: xmlParserCtxtPtr) {
        guard let sax = context.pointee.sax else { return }
        // Errors go to the context's lastError only: a structured handler that does nothing.
        sax.pointee.serror = { _, _ in }
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
        guard let rawContext else { return }
        let context = rawContext.assumingMemoryBound(to: xmlParserCtxt.self)
        guard let watchPointer = context.pointee._private else { return }
        let watch = Unmanaged<DeclarationWatch>.fromOpaque(watchPointer).takeUnretainedValue()
        if watch.refused == nil {
            let line = context.pointee.input.map { Int($0.pointee.line) } ?? 0
            let entity = name.map { String(cString: $0) } ?? "?"
            watch.refused = external
                ? InputError(.xmlExternalEntity, "XML: external entities are not allowed (entity '\(entity)', line \(line))")
                : InputError(.xmlEntityExpansion, "XML: entity declarations are not allowed (entity '\(entity)', line \(line))")
        }
        xmlStopParser(context)
    }

    private static func syntaxError(_ context: xmlParserCtxtPtr) -> InputError {
        let error = context.pointee.lastError
        var message = error.message.map { String(cString: $0) } ?? ""
        while let last = message.last, last.isWhitespace { message.removeLast() }
        if message.isEmpty { message = "not well-formed" }
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
