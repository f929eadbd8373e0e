import CLibXML2
import MailTLSCore

/// A document as libxml2 read it: the reference view that the byte scanner must agree with.
/// Its text is what libxml2 resolved (character references, predefined entities, CDATA, line
/// endings normalised to LF). `TreeMatch` reads names and text straight from libxml2's nodes,
/// so only what becomes an `XMLElement` is ever copied; the tree is freed with this object.
final class LibXML2Document {
    let pointer: xmlDocPtr

    fileprivate init(_ pointer: xmlDocPtr) {
        self.pointer = pointer
    }

    var root: xmlNodePtr? { xmlDocGetRootElement(pointer) }

    deinit { xmlFreeDoc(pointer) }
}

/// The only code that talks to libxml2. One parser context per call, every setting on that
/// context (options, SAX overrides, error sink), so parses on several threads never share
/// state and nothing is ever printed.
enum LibXML2Parser {
    /// Hardened: never the network, never the external DTD subset, no entity substitution,
    /// libxml2's default size and depth limits (no `XML_PARSE_HUGE`). CDATA is merged into
    /// text so the tree's text equals what the byte scanner decodes. Blank text is kept.
    /// `COMPACT` stores short texts inside their nodes (one allocation less each; the tree is
    /// only read).
    static let options: Int32 = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)

    /// libxml2 wants one global initialisation before any parse; `static let` runs it once,
    /// thread-safely.
    private static let initialised: Bool = {
        xmlInitParser()
        return true
    }()

    static func parse(_ bytes: [UInt8]) throws(InputError) -> (document: LibXML2Document, root: xmlNodePtr) {
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

        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                xmlCtxtReadMemory(context, chars, Int32(buffer.count), nil, nil, options)
            }
        }
        let document = parsed.map(LibXML2Document.init)  // owns the tree from here, freed on every path
        if let refused = watch.refused { throw refused }
        guard let document, context.pointee.wellFormed != 0 else { throw syntaxError(watch.firstError ?? reported(context.pointee.lastError)) }
        guard let root = document.root else {
            throw InputError(.syntax, "XML: no root element")
        }
        try refuseEntityReferences(below: root)
        return (document, root)
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

    // MARK: - Entity references

    /// A reference to an entity nobody declared (possible when a DOCTYPE names an external
    /// subset, which is never loaded) stays in the tree as a reference node: refused, first one
    /// in document order, before the scanner ever sees the file.
    private static func refuseEntityReferences(below root: xmlNodePtr) throws(InputError) {
        var node = root.pointee.children
        while let current = node {
            if current.pointee.type == XML_ENTITY_REF_NODE {
                let name = current.pointee.name.map { String(cString: $0) } ?? ""
                throw InputError(.xmlEntityExpansion, "XML: line \(xmlGetLineNo(current)): entity reference &\(name); cannot be resolved (entities are not allowed)")
            }
            if current.pointee.type == XML_ELEMENT_NODE, let first = current.pointee.children {
                node = first
                continue
            }
            // Next in document order: the next sibling, else the next sibling of the nearest
            // ancestor that has one, up to the root.
            var climber: xmlNodePtr? = current
            node = nil
            while let here = climber, here != root {
                if let next = here.pointee.next {
                    node = next
                    break
                }
                climber = here.pointee.parent
            }
        }
    }
}
