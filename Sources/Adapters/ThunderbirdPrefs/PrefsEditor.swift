import MailTLSCore

/// Turns conversions into byte edits on a prefs.js / user.js.
///
/// A value that exists is replaced in its winning statement. A missing one is inserted as a
/// new `user_pref` line:
/// - a missing socket type (`try_ssl` / `socketType` unset, or only inherited from the
///   default branch, which other servers share and is never edited) goes right after the
///   server's `hostname` line, or after its last line when it has no hostname;
/// - a missing `port` goes right after the server's socket-type line (the existing one, or the
///   one just inserted).
/// Inserted lines copy the quote, spacing and indentation of the statement they follow, and
/// the line ending of the line they follow.
enum PrefsEditor {
    static func edits(for conversions: [Conversion], in document: PrefsDocument) throws(InputError) -> [ByteEdit] {
        var edits: [ByteEdit] = []
        for conversion in conversions {
            guard conversion.index < document.plans.count, conversion.target.security == .tls else {
                throw InputError(.unsupportedFormat, "internal error: unexpected conversion of \(conversion.entry.account)")
            }
            edits += try serverEdits(document.plans[conversion.index], port: conversion.target.port, in: document)
        }
        return edits
    }

    private static func serverEdits(_ plan: ServerPlan, port: Int, in document: PrefsDocument) throws(InputError) -> [ByteEdit] {
        let implicitTLS = 3
        var edits: [ByteEdit] = []
        var newLines: [(name: String, value: Int)] = []
        var insertAfter = plan.anchor
        if let own = plan.ownSecurity {
            if own.value.integer != implicitTLS { edits.append(replace(own, with: implicitTLS, in: document)) }
            insertAfter = own
        } else if plan.socketType != implicitTLS {
            newLines.append((plan.prefix + "\(plan.securityAttribute.spelling)", implicitTLS))
        }
        if let own = plan.ownPort {
            if own.value.integer != port { edits.append(replace(own, with: port, in: document)) }
        } else {
            newLines.append((plan.prefix + "port", port))
        }
        if !newLines.isEmpty {
            // A key from `mail.smtpservers` may hold a dot; a preference added under it would be
            // read back as belonging to the key before the dot, i.e. another server.
            if plan.key.utf8.contains(UInt8(ascii: ".")) {
                throw InputError(.unsupportedFormat, "server key \"\(plan.key)\" contains a dot: a setting added for it would read as another server")
            }
            edits.append(try insertion(of: newLines, after: insertAfter, in: document))
        }
        return edits
    }

    private static func replace(_ statement: PrefStatement, with value: Int, in document: PrefsDocument) -> ByteEdit {
        ByteEdit(
            replacing: document.text.fileRange(statement.valueToken),
            with: document.text.encoding.encode(String(value)))
    }

    /// New lines after the line where `reference` ends (or after a comment or statement that
    /// runs on from that line), written in `reference`'s style.
    private static func insertion(
        of lines: [(name: String, value: Int)], after reference: PrefStatement, in document: PrefsDocument
    ) throws(InputError) -> ByteEdit {
        let text = document.text
        var line = text.lineEnd(of: reference.end)
        while let span = unsplittable(at: line.next, in: document) {
            line = text.lineEnd(of: span.upperBound - 1)
        }
        let ending = line.ending != .none ? line.ending.rawValue : (text.dominantLineEnding ?? .lf).rawValue
        let style = StatementStyle(of: reference, in: text)
        let indentation = text.indentation(ofLineAt: reference.start)
        var added = line.ending == .none ? ending : ""
        for (index, new) in lines.enumerated() {
            added += indentation + style.statement(name: new.name, value: new.value)
            if index < lines.count - 1 || line.ending != .none { added += ending }
        }
        // The new names repeat the server key as decoded. A key that does not survive a round
        // trip through the file's encoding (bytes that are not valid CP932) would be written as
        // a different key, so such a file is refused rather than given a new server.
        let bytes = text.encoding.encode(added)
        guard text.encoding.decode(bytes) == added else {
            throw InputError(.encoding, "line \(reference.line): the server key in \(text.string(reference.name)) cannot be written back in \(text.encoding)")
        }
        return ByteEdit(insertAt: text.fileOffset(line.next), bytes)
    }

    /// A statement or block comment that runs over the line break before view index `index`.
    private static func unsplittable(at index: Int, in document: PrefsDocument) -> Range<Int>? {
        func straddles(_ span: Range<Int>) -> Bool { span.lowerBound < index && index < span.upperBound }
        return document.statements.lazy.map(\.span).first(where: straddles) ?? document.blockComments.first(where: straddles)
    }
}

/// The layout of an existing statement, `user_pref("name", value);`, reused for a new one:
/// its quote character and the blanks around `(`, `,` and `);`. Anything unusual between the
/// tokens (a comment, a line break) falls back to the layout Thunderbird writes.
struct StatementStyle {
    var quote: Unicode.Scalar = "\""
    var open = "("
    var comma = ", "
    var close = ");"

    init(of statement: PrefStatement, in text: PrefText) {
        quote = Unicode.Scalar(text.bytes[statement.nameToken.lowerBound])
        let open = text.string(statement.specToken.upperBound..<statement.nameToken.lowerBound)
        let comma = text.string(statement.nameToken.upperBound..<statement.valueToken.lowerBound)
        let close = text.string(statement.valueToken.upperBound..<statement.end + 1)
        if Self.blanksAround(open, "("), Self.blanksAround(comma, ","), Self.blanksAround(close, ");") {
            (self.open, self.comma, self.close) = (open, comma, close)
        }
    }

    func statement(name: String, value: Int) -> String {
        let q = UInt8(quote.value)
        // The characters escaped are ASCII, so the name is escaped byte by byte.
        var escaped: [UInt8] = [q]
        for c in name.utf8 {
            switch c {
            case UInt8(ascii: "\\"), q: escaped += [UInt8(ascii: "\\"), c]
            case 0x0A: escaped += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: escaped += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            default: escaped.append(c)
            }
        }
        escaped.append(q)
        return "user_pref" + open + String(decoding: escaped, as: UTF8.self) + comma + String(value) + close
    }

    /// Whether `text` is `punctuation` with only spaces and tabs added.
    private static func blanksAround(_ text: String, _ punctuation: String) -> Bool {
        text.filter { $0 != " " && $0 != "\t" } == punctuation
    }
}
