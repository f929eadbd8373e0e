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
            newLines.append((plan.prefix + plan.securityAttribute, implicitTLS))
        }
        if let own = plan.ownPort {
            if own.value.integer != port { edits.append(replace(own, with: port, in: document)) }
        } else {
            newLines.append((plan.prefix + "port", port))
        }
        if !newLines.isEmpty {
            // A key from `mail.smtpservers` may hold a dot; a preference added under it would be
            // read back as belonging to the key before the dot, i.e. another server.
            let key = plan.prefix.split(separator: ".", maxSplits: 2).last.map { String($0.dropLast()) } ?? ""
            if key.contains(".") {
                throw InputError(.unsupportedFormat, "server key \"\(key)\" contains a dot: a setting added for it would read as another server")
            }
            edits.append(try insertion(of: newLines, after: insertAfter, in: document))
        }
        return edits
    }

    private static func replace(_ statement: PrefStatement, with value: Int, in document: PrefsDocument) -> ByteEdit {
        ByteEdit(
            replacing: document.file.byteRange(statement.valueToken.range),
            with: document.file.encoding.encode(String(value)))
    }

    /// New lines after the line where `reference` ends (or after a comment or statement that
    /// runs on from that line), written in `reference`'s style.
    private static func insertion(
        of lines: [(name: String, value: Int)], after reference: PrefStatement, in document: PrefsDocument
    ) throws(InputError) -> ByteEdit {
        let file = document.file
        var lineIndex = lineContaining(reference.endToken.range.lowerBound, in: file)
        while let span = document.unsplittable.first(where: { $0.lowerBound < nextLineStart(lineIndex, in: file) && nextLineStart(lineIndex, in: file) < $0.upperBound }) {
            lineIndex = lineContaining(span.upperBound - 1, in: file)
        }
        let line = file.lines[lineIndex]
        let ending = line.ending != .none ? line.ending.rawValue
            : (file.lines.contains { $0.ending != .none } ? file.dominantLineEnding.rawValue : "\n")
        let style = StatementStyle(of: reference, in: file)
        let indentation = file.lines[lineContaining(reference.specToken.range.lowerBound, in: file)].indentation
        var text = line.ending == .none ? ending : ""
        for (index, new) in lines.enumerated() {
            text += indentation + style.statement(name: new.name, value: new.value)
            if index < lines.count - 1 || line.ending != .none { text += ending }
        }
        // The new names repeat the server key as decoded. A key that does not survive a round
        // trip through the file's encoding (bytes that are not valid CP932) would be written as
        // a different key, so such a file is refused rather than given a new server.
        let bytes = file.encoding.encode(text)
        guard file.encoding.decode(bytes) == text else {
            throw InputError(.encoding, "line \(reference.line): the server key in \(reference.name) cannot be written back in \(file.encoding)")
        }
        return ByteEdit(insertAt: line.endOfLine, bytes)
    }

    /// Index in `file.lines` of the line holding scalar `index` (or its line ending).
    private static func lineContaining(_ index: Int, in file: TextFile) -> Int {
        var low = 0, high = file.lines.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if file.lines[middle].range.lowerBound <= index { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// Scalar index where the line after `lineIndex` starts.
    private static func nextLineStart(_ lineIndex: Int, in file: TextFile) -> Int {
        lineIndex + 1 < file.lines.count ? file.lines[lineIndex + 1].range.lowerBound : file.scalars.count
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

    init(of statement: PrefStatement, in file: TextFile) {
        quote = statement.nameQuote
        let open = file.string(statement.specToken.range.upperBound..<statement.nameToken.range.lowerBound)
        let comma = file.string(statement.nameToken.range.upperBound..<statement.valueToken.range.lowerBound)
        let close = file.string(statement.valueToken.range.upperBound..<statement.endToken.range.upperBound)
        if Self.blanksAround(open, "("), Self.blanksAround(comma, ","), Self.blanksAround(close, ");") {
            (self.open, self.comma, self.close) = (open, comma, close)
        }
    }

    func statement(name: String, value: Int) -> String {
        let q = String(quote)
        var escaped = ""
        for c in name.unicodeScalars {
            switch c {
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case quote: escaped += "\\" + q
            default: escaped.unicodeScalars.append(c)
            }
        }
        return "user_pref" + open + q + escaped + q + comma + String(value) + close
    }

    /// Whether `text` is `punctuation` with only spaces and tabs added.
    private static func blanksAround(_ text: String, _ punctuation: String) -> Bool {
        text.filter { $0 != " " && $0 != "\t" } == punctuation
    }
}
