import MailTLSCore

/// Reads a profile from JSON and checks it, so that a bad profile fails at load time with
/// "profile <path>: field 'x.y': <what is wrong>" instead of misreading files later.
enum ProfileDecoder {
    static func decode(_ bytes: [UInt8], origin: String) throws(InputError) -> Profile {
        let json: JSONValue
        do {
            json = try JSONValue.parse(bytes)
        } catch {
            throw InputError(.invalidValue, "profile \(origin): \(error.place): not valid JSON (\(error.what))")
        }
        let root = JSONField(value: json, path: "", origin: origin)
        let top = try root.object(allowing: ["name", "summary", "detect", "syntax", "sections", "servers", "secrets", "details"])

        let nameField = try root.field("name", in: top)
        let name = try nameField.string()
        guard name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) else {
            throw nameField.fail("use lower-case letters, digits and '-' only (it is the --format name)")
        }
        let sections = try decodeSections(try root.field("sections", in: top))
        let kinds = Set(sections.map(\.kind))
        let syntax = try decodeSyntax(try root.field("syntax", in: top))
        var servers: [ServerSpec] = []
        let serverFields = try root.field("servers", in: top).array()
        guard !serverFields.isEmpty else { throw try root.field("servers", in: top).fail("list at least one server") }
        for field in serverFields { servers.append(try decodeServer(field, kinds: kinds)) }

        var profile = Profile(
            name: name,
            summary: try root.optionalField("summary", in: top)?.string() ?? "\(name) settings (key-value profile)",
            source: origin,
            detect: try decodeDetect(try root.field("detect", in: top)),
            syntax: syntax,
            sections: sections,
            servers: servers,
            secretKeys: (try root.optionalField("secrets", in: top)?.strings() ?? []).map(KeyGlob.init),
            details: try root.optionalField("details", in: top)?.strings() ?? [])
        profile.definition = bytes
        profile.endpointKeys = servers.compactMap { $0.endpoint?.key.lowercased() }
        let secrets = profile.secretKeys
        profile.details.removeAll { key in secrets.contains { $0.matches(key) } }
        return profile
    }

    private static func decodeDetect(_ field: JSONField) throws(InputError) -> DetectionHints {
        let object = try field.object(allowing: ["fileNames", "markers", "requiredMarkers", "notMarkers", "notPaths"])
        var markers: [LinePattern] = [], requiredMarkers: [LinePattern] = [], notMarkers: [LinePattern] = []
        for item in try field.optionalField("markers", in: object)?.array() ?? [] { markers.append(try item.pattern(marker: true)) }
        for item in try field.optionalField("requiredMarkers", in: object)?.array() ?? [] { requiredMarkers.append(try item.pattern(marker: true)) }
        for item in try field.optionalField("notMarkers", in: object)?.array() ?? [] { notMarkers.append(try item.pattern(marker: true)) }
        let fileNames = try field.optionalField("fileNames", in: object)?.strings() ?? []
        if markers.isEmpty, fileNames.isEmpty { throw field.fail("give markers, fileNames or both") }
        if markers.isEmpty, !requiredMarkers.isEmpty {
            throw try field.field("requiredMarkers", in: object).fail("only counts together with markers")
        }
        return DetectionHints(fileNames: fileNames, markers: markers, requiredMarkers: requiredMarkers, notMarkers: notMarkers,
                              notPaths: try field.optionalField("notPaths", in: object)?.strings() ?? [])
    }

    private static func decodeSyntax(_ field: JSONField) throws(InputError) -> LineSyntax {
        let object = try field.object(allowing: ["grammar", "header", "comments", "continuation", "assignment", "quote", "values", "separator",
                                                 "indentContinues", "otherLines", "newLine"])
        var grammar = LineSyntax.Grammar.lines
        if let grammarField = field.optionalField("grammar", in: object) {
            guard let value = LineSyntax.Grammar(rawValue: try grammarField.string()) else { throw grammarField.fail("one of: lines, gitconfig") }
            grammar = value
        }
        var header: (pattern: LinePattern, description: String)?
        if let headerField = field.optionalField("header", in: object) {
            let headerObject = try headerField.object(allowing: ["pattern", "description"])
            header = (try headerField.field("pattern", in: headerObject).pattern(),
                      try headerField.field("description", in: headerObject).string())
        }
        var quotes: [UInt8] = []
        if let quoteField = field.optionalField("quote", in: object) {
            let text = try quoteField.string()
            guard text.unicodeScalars.allSatisfy({ $0.isASCII }), Set(text.utf8).count == text.utf8.count else {
                throw quoteField.fail("one or more different ASCII characters, e.g. \"\\\"\" or \"\\\"'\"")
            }
            quotes = Array(text.utf8)
        }
        var values = ValueFormat.plain
        if let valuesField = field.optionalField("values", in: object) {
            guard let format = ValueFormat(rawValue: try valuesField.string()) else { throw valuesField.fail("one of: plain, registry") }
            values = format
        }
        var otherLines = LineSyntax.OtherLines.error
        if let otherField = field.optionalField("otherLines", in: object) {
            guard let value = LineSyntax.OtherLines(rawValue: try otherField.string()) else { throw otherField.fail("one of: error, ignore") }
            otherLines = value
        }
        var assignments: [LinePattern] = []
        if grammar == .lines {
            // One pattern, or a list tried in order; none at all only when settings come from
            // header lines alone and other lines are ignored.
            // header lines alone (nullmailer remotes, OpenSMTPD relay actions).
            if let assignmentField = field.optionalField("assignment", in: object) {
                let items = assignmentField.isArray ? try assignmentField.array() : [assignmentField]
                for item in items { assignments.append(try item.pattern(requiring: ["key"])) }
                if assignments.isEmpty { throw assignmentField.fail("give at least one pattern") }
            }
        } else {
            for name in ["assignment", "comments", "continuation", "quote", "header", "indentContinues", "otherLines", "newLine"] where object[name] != nil {
                throw try field.field(name, in: object).fail("not used with grammar gitconfig (git's own rules apply)")
            }
        }
        var newLine: String?
        if let newLineField = field.optionalField("newLine", in: object) {
            let template = try newLineField.string()
            guard template.contains("{key}"), template.contains("{value}") else { throw newLineField.fail("write {key} and {value} in it") }
            newLine = template
        }
        return LineSyntax(
            grammar: grammar,
            header: header,
            comments: (try field.optionalField("comments", in: object)?.strings() ?? []).map { Array($0.utf8) },
            continuation: Array((try field.optionalField("continuation", in: object)?.string() ?? "").utf8),
            assignments: assignments,
            quotes: quotes,
            indentContinues: try field.optionalField("indentContinues", in: object)?.bool() ?? false,
            otherLines: otherLines,
            newLine: newLine,
            values: values,
            separator: try field.optionalField("separator", in: object)?.string() ?? (values == .registry ? "=" : " "))
    }

    private static func decodeSections(_ field: JSONField) throws(InputError) -> [SectionKind] {
        var kinds: [SectionKind] = []
        for item in try field.array() {
            let object = try item.object(allowing: ["kind", "header", "role", "fallback", "topOfFile"])
            let kindField = try item.field("kind", in: object)
            let kind = try kindField.string()
            if kinds.contains(where: { $0.kind == kind }) { throw kindField.fail("kind '\(kind)' is defined twice") }
            let roleField = try item.field("role", in: object)
            guard let role = SectionKind.Role(rawValue: try roleField.string()) else {
                throw roleField.fail("one of: account, defaults, ignore, file")
            }
            if role == .file, let fallback = item.optionalField("fallback", in: object) {
                throw fallback.fail("a section of role file falls back to nothing (the whole file is its account)")
            }
            let topOfFile = try item.optionalField("topOfFile", in: object)?.bool() ?? false
            var header: LinePattern?
            if topOfFile {
                if object["header"] != nil { throw try item.field("header", in: object).fail("a topOfFile section has no header") }
                if kinds.contains(where: \.topOfFile) { throw try item.field("topOfFile", in: object).fail("only one section kind can be topOfFile") }
            } else {
                header = try item.field("header", in: object).pattern(requiring: role == .file ? ["name"] : [])
            }
            kinds.append(SectionKind(
                kind: kind, header: header, topOfFile: topOfFile, role: role,
                fallback: try item.optionalField("fallback", in: object)?.string()))
        }
        guard !kinds.isEmpty else { throw field.fail("list at least one section kind") }
        for (index, kind) in kinds.enumerated() {
            if let fallback = kind.fallback, !kinds.contains(where: { $0.kind == fallback && $0.role == .account }) {
                throw JSONField(value: .null, path: "\(field.path)[\(index)].fallback", origin: field.origin)
                    .fail("no section kind '\(fallback)' with role account")
            }
        }
        guard kinds.contains(where: { $0.role.isAccount }) else { throw field.fail("no section kind has role account or file") }
        return kinds
    }

    private static func decodeServer(_ field: JSONField, kinds: Set<String>) throws(InputError) -> ServerSpec {
        let object = try field.object(allowing: ["protocol", "onlyIf", "host", "label", "port", "security", "convert", "endpoint"])
        let protoField = try field.field("protocol", in: object)
        guard let proto = MailProtocol(rawValue: try protoField.string()) else { throw protoField.fail("one of: smtp, imap, pop3") }

        let endpoint = try field.optionalField("endpoint", in: object).map(decodeEndpoint)
        var port = PortSpec(key: nil, defaultPort: 25, defaultTLS: nil, onlyIf: [])
        if let portField = endpoint == nil ? try field.field("port", in: object) : field.optionalField("port", in: object) {
            let portObject = try portField.object(allowing: ["key", "default", "defaultTLS", "onlyIf"])
            // With an endpoint the port may be a key of its own (Roundcube before 1.6), whose
            // absence means the scheme's default port.
            port = PortSpec(
                key: try portField.field("key", in: portObject).string(),
                defaultPort: endpoint == nil ? try portField.field("default", in: portObject).integer(in: 1...65535)
                    : try portField.optionalField("default", in: portObject)?.integer(in: 1...65535) ?? 25,
                defaultTLS: try portField.optionalField("defaultTLS", in: portObject)?.integer(in: 1...65535),
                onlyIf: try portField.optionalField("onlyIf", in: portObject).map(decodeConditions) ?? [])
        }

        if let endpoint, endpoint.newPortInKey, port.key == nil {
            throw try field.field("endpoint", in: object).fail("newPort 'key' needs a port key (\"port\": {\"key\": ...})")
        }
        let securityField = try field.field("security", in: object)
        let securityObject = try securityField.object(allowing: ["keys", "rules", "otherwise"])
        let keysField = try securityField.field("keys", in: securityObject)
        let keys = try keysField.strings()
        guard !keys.isEmpty || endpoint != nil else { throw keysField.fail("list at least one key") }
        var rules: [SecurityRule] = []
        for ruleField in try securityField.field("rules", in: securityObject).array() {
            let ruleObject = try ruleField.object(allowing: ["section", "if", "then"])
            let section = try ruleField.optionalField("section", in: ruleObject)?.string()
            if let section, !kinds.contains(section) {
                throw try ruleField.field("section", in: ruleObject).fail("no section kind '\(section)'")
            }
            rules.append(SecurityRule(
                section: section,
                conditions: try decodeConditions(try ruleField.field("if", in: ruleObject)),
                result: try securityClass(try ruleField.field("then", in: ruleObject))))
        }
        let otherwise = try securityField.optionalField("otherwise", in: securityObject).map(securityClass) ?? SecurityClass.none

        var writes: [Write] = []
        for writeField in try field.optionalField("convert", in: object)?.array() ?? [] {
            let writeObject = try writeField.object(allowing: ["key", "value", "renameTo", "onlyIfPresent", "unless"])
            let renameTo = try writeField.optionalField("renameTo", in: writeObject)?.string()
            let value = try writeField.optionalField("value", in: writeObject)?.string(nonEmpty: false)
            guard (value == nil) != (renameTo == nil) else { throw writeField.fail("give either value or renameTo") }
            writes.append(Write(
                key: try writeField.field("key", in: writeObject).string(),
                value: value,
                renameTo: renameTo,
                onlyIfPresent: try writeField.optionalField("onlyIfPresent", in: writeObject)?.bool() ?? false,
                unless: try writeField.optionalField("unless", in: writeObject).map(decodeConditions) ?? []))
        }
        return ServerSpec(
            proto: proto,
            onlyIf: try field.optionalField("onlyIf", in: object).map(decodeConditions) ?? [],
            host: try field.optionalField("host", in: object)?.string(),
            label: try field.optionalField("label", in: object)?.string(),
            port: port,
            security: SecuritySpec(keys: keys, rules: rules, otherwise: otherwise),
            convert: writes,
            endpoint: endpoint)
    }

    /// `"value"` (default) or `"key"`.
    private static func newPortPlace(_ field: JSONField?) throws(InputError) -> Bool {
        guard let field else { return false }
        switch try field.string() {
        case "value": return false
        case "key": return true
        default: throw field.fail("one of: value, key")
        }
    }

    private static func isSchemeByte(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte | 0x20) || (0x30...0x39).contains(byte) || byte == 0x2B || byte == 0x2D || byte == 0x2E
    }

    /// `{"key": "smtp_url", "schemes": {"smtp": 25, "smtps": 465}, "convertScheme": "smtps"}`.
    private static func decodeEndpoint(_ field: JSONField) throws(InputError) -> EndpointSpec {
        let object = try field.object(allowing: ["key", "schemes", "convertScheme", "requireBrackets", "newPort"])
        let schemesField = try field.field("schemes", in: object)
        var schemes: [String: Int] = [:]
        for (scheme, portField) in try schemesField.entries() {
            let valid = scheme.isEmpty || scheme.utf8.allSatisfy(Self.isSchemeByte) && !("0"..."9").contains(scheme.first!)
                && !"+-.".contains(scheme.first!)
            guard valid else { throw portField.fail("'\(scheme)' is not a URL scheme (letters, digits, '+', '-', '.'; \"\" for none)") }
            schemes[scheme.lowercased()] = try portField.integer(in: 1...65535)
        }
        guard !schemes.isEmpty else { throw schemesField.fail("give at least one scheme with its default port") }
        // One scheme for every converted entry, or a map from the scheme written to the one
        // that replaces it (aerc keeps its `+plain`/`+login` suffix: `smtp+login` -> `smtps+login`).
        var convertSchemes: [String: String] = [:]
        if let convertField = field.optionalField("convertScheme", in: object) {
            var pairs: [(key: String, field: JSONField)] = []
            if case .object = convertField.value { pairs = try convertField.entries() }
            if pairs.isEmpty {
                let scheme = try convertField.string()
                for known in schemes.keys where !known.isEmpty { convertSchemes[known] = scheme }
            }
            for (from, toField) in pairs {
                guard schemes[from.lowercased()] != nil else { throw toField.fail("'\(from)' is not listed in schemes") }
                convertSchemes[from.lowercased()] = try toField.string()
            }
            for scheme in Set(convertSchemes.values) where schemes[scheme.lowercased()] == nil {
                throw convertField.fail("'\(scheme)' is not listed in schemes")
            }
        }
        return EndpointSpec(
            key: try field.field("key", in: object).string(),
            schemes: schemes,
            convertSchemes: convertSchemes,
            requireBrackets: try field.optionalField("requireBrackets", in: object)?.bool() ?? false,
            newPortInKey: try newPortPlace(field.optionalField("newPort", in: object)))
    }

    /// `{"key": ["v1", "v2"]}` (one of; a `null` in the list: or absent) or
    /// `{"key": {"not": ["v"]}}` (present, none of).
    private static func decodeConditions(_ field: JSONField) throws(InputError) -> [Condition] {
        var conditions: [Condition] = []
        let entries = try field.entries()
        guard !entries.isEmpty else { throw field.fail("give at least one key") }
        for (key, valueField) in entries {
            if valueField.isArray {
                var values: [String] = [], orAbsent = false
                for item in try valueField.array() {
                    if item.isNull { orAbsent = true } else { values.append(try item.string(nonEmpty: false)) }
                }
                guard !values.isEmpty || orAbsent else { throw valueField.fail("list at least one value") }
                conditions.append(Condition(key: key, matcher: .oneOf(values), orAbsent: orAbsent))
            } else {
                let object = try valueField.object(allowing: ["not"])
                conditions.append(Condition(key: key, matcher: .noneOf(try valueField.field("not", in: object).strings(nonEmpty: false))))
            }
        }
        return conditions
    }

    private static func securityClass(_ field: JSONField) throws(InputError) -> SecurityClass {
        guard let value = SecurityClass(rawValue: try field.string()) else {
            throw field.fail("one of: \(SecurityClass.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }
}
