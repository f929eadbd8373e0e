import MailTLSCore

/// Turns decided conversions into byte edits: for each entry, the values its profile says to
/// set, written in the entry's own block (replaced where the block has the key, else inserted
/// once after the block's security line). An entry that already gets a value by inheritance
/// from a block being converted in the same run gets no edit of its own.
struct EditPlanner {
    let profile: Profile
    let document: KeyValueDocument

    private struct PlannedWrite {
        let key: String
        let value: String
        let server: ServerSpec
    }

    func edits(for conversions: [Conversion]) throws(InputError) -> [ByteEdit] {
        let file = document.file
        let resolver = SettingResolver(file: file, profile: profile)
        var planned: [Int: [String: String]] = [:]
        var writes: [Int: [PlannedWrite]] = [:]

        // Accounts that inherit less go first, so their children see the planned values.
        let ordered = conversions.sorted {
            let (a, b) = (resolver.depth(of: document.origins[$0.index].block), resolver.depth(of: document.origins[$1.index].block))
            return a != b ? a < b : $0.index < $1.index
        }
        var endpointChanges: [ByteEdit] = []
        var renames: [(block: Int, write: Write)] = []
        for conversion in ordered {
            let origin = document.origins[conversion.index]
            let server = profile.servers[origin.server]
            let target = conversion.target.port
            var wanted: [(key: String, value: String, isPort: Bool)] = []
            for write in server.convert {
                guard let value = write.value else {
                    renames.append((origin.block, write))
                    continue
                }
                if write.onlyIfPresent, resolver.lookup(write.key, for: origin.block) == nil { continue }
                if !write.unless.isEmpty, write.unless.allSatisfy({ $0.holds(for: resolver.lookup($0.key, for: origin.block)?.value) }) { continue }
                wanted.append((write.key, value, false))
            }
            var portByKey = server.port.key
            if let endpoint = server.endpoint, let found = resolver.lookup(endpoint.key, for: origin.block),
               found.block == origin.block, let setting = found.setting {
                let (edits, portWritten) = try endpointEdits(endpoint, server, setting, target: target, in: origin.block, resolver)
                endpointChanges += edits
                if portWritten { portByKey = nil }
            }
            if let key = portByKey { wanted.append((key, String(target), true)) }
            for (key, value, isPort) in wanted {
                if let found = resolver.lookup(key, for: origin.block, planned: planned), Self.same(found.value, value, numeric: isPort) {
                    continue
                }
                planned[origin.block, default: [:]][key.lowercased()] = value
                writes[origin.block, default: []].removeAll { $0.key.lowercased() == key.lowercased() }
                writes[origin.block, default: []].append(PlannedWrite(key: key, value: value, server: server))
            }
        }

        var edits: [ByteEdit] = endpointChanges
        for (block, write) in renames {
            guard let newName = write.renameTo, let setting = file.blocks[block].setting(write.key.lowercased()),
                  file.blocks[block].setting(newName.lowercased()) == nil else { continue }
            let line = file.lines[setting.line]
            edits.append(ByteEdit(replacing: line.bytes(setting.keyRange, in: file.text), with: file.text.encoding.encode(newName)))
        }
        for block in writes.keys.sorted() {
            var inserted: [(anchor: Int, write: PlannedWrite)] = []
            for write in writes[block]! {
                if let setting = file.blocks[block].setting(write.key.lowercased()) {
                    edits.append(try replace(setting, with: write.value))
                } else if let flagsEnd = file.blocks[block].flagsEnd {
                    let line = file.lines[flagsEnd.line]
                    let offset = line.bytes(flagsEnd.at..<flagsEnd.at, in: file.text).lowerBound
                    edits.append(ByteEdit(insertAt: offset, file.text.encoding.encode(" \(write.key)=\(write.value)")))
                } else {
                    inserted.append((try anchor(for: write, in: block), write))
                }
            }
            for anchor in Set(inserted.map(\.anchor)).sorted() {
                edits.append(insertion(inserted.filter { $0.anchor == anchor }.map(\.write), after: anchor, in: block))
            }
        }
        return edits
    }

    /// The edits inside an endpoint value: the converted scheme (in the written scheme's letter
    /// case), and the target port where the value writes one, or inserted when neither the
    /// value nor a port key gives the port and the new scheme's default is not the target.
    /// Whether the port is settled by the endpoint alone (so no port key is written).
    private func endpointEdits(_ endpoint: EndpointSpec, _ server: ServerSpec, _ setting: Setting, target: Int, in block: Int,
                               _ resolver: SettingResolver) throws(InputError) -> ([ByteEdit], Bool) {
        let file = document.file
        let line = file.lines[setting.line]
        guard let value = setting.value, let url = EndpointValue.read(value, in: line) else { return ([], false) }
        var newScheme: String?
        if let written = url.writtenScheme, let wanted = endpoint.convertSchemes[written.lowercased()], written.lowercased() != wanted.lowercased() {
            newScheme = Self.inCaseOf(written, wanted)
        }
        var newPort: Int?
        var settled = true
        let portKeySet = server.port.key.flatMap({ resolver.lookup($0, for: block) }) != nil
        if let port = url.writtenPort {
            if Int(port) != target { newPort = target }
            // Both carry a port (sSMTP `mailhub=h:587` and `RemotePort=587`): both are set.
            settled = !portKeySet
        } else if portKeySet {
            settled = false
        } else if endpoint.defaultPort(newScheme?.lowercased() ?? url.scheme) != target {
            if endpoint.newPortInKey { settled = false } else { newPort = target }
        }
        var edits: [ByteEdit] = []
        for (range, text) in url.edits(newScheme: newScheme, newPort: newPort) {
            guard line.isContiguous(range) else {
                throw InputError(.unsupportedFormat, "line \(line.number): the value of '\(setting.key)' continues over several lines; it cannot be edited in place")
            }
            edits.append(ByteEdit(replacing: line.bytes(range, in: file.text), with: file.text.encoding.encode(text)))
        }
        return (edits, settled)
    }

    /// `value` in the letter case of the value it replaces (rules §7): `TLS` -> `SSL`,
    /// `tls` -> `ssl`, `Tls` -> `Ssl`; mixed or caseless originals leave it as the profile
    /// writes it.
    static func inCaseOf(_ original: String, _ value: String) -> String {
        let letters = original.unicodeScalars.filter { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
        guard let first = letters.first else { return value }
        let rest = letters.dropFirst()
        let isUpper = { (c: Unicode.Scalar) in ("A"..."Z").contains(c) }
        if letters.allSatisfy(isUpper) { return value.uppercased() }
        if !letters.contains(where: isUpper) { return value.lowercased() }
        if isUpper(first), !rest.contains(where: isUpper), let head = value.first {
            return head.uppercased() + value.dropFirst().lowercased()
        }
        return value
    }

    /// `key` in the spelling style of the block's keys: all lower case when every key there
    /// is (git `smtpserverport`), else as the profile writes it.
    private func styled(_ key: String, in block: Int) -> String {
        let keys = document.file.blocks[block].settings.map(\.key).filter { $0.unicodeScalars.contains { ("a"..."z").contains($0) } }
        guard !keys.isEmpty, keys.allSatisfy({ $0 == $0.lowercased() }) else { return key }
        return key.lowercased()
    }

    private static func same(_ current: String, _ wanted: String, numeric: Bool) -> Bool {
        if numeric { return Int(current.trimmingBlanks) == Int(wanted) }
        return current.trimmingBlanks.lowercased() == wanted.lowercased()
    }

    private func replace(_ setting: Setting, with value: String) throws(InputError) -> ByteEdit {
        let line = document.file.lines[setting.line]
        let encoding = document.file.text.encoding
        guard let current = setting.value else {
            // A key written alone (msmtp `tls_starttls` = on): the value goes after the key.
            let offset = line.bytes(setting.keyRange.upperBound..<setting.keyRange.upperBound, in: document.file.text).lowerBound
            return ByteEdit(insertAt: offset, encoding.encode(profile.syntax.separator + WrittenValue.format(value, as: profile.syntax.values)))
        }
        let (range, text) = current.replacement(with: Self.inCaseOf(current.text, value), format: profile.syntax.values)
        guard line.isContiguous(range) else {
            throw InputError(.unsupportedFormat, "line \(line.number): the value of '\(setting.key)' continues over several lines; it cannot be edited in place")
        }
        return ByteEdit(replacing: line.bytes(range, in: document.file.text), with: encoding.encode(text))
    }

    /// The logical line after which a missing key goes: the block's first security key line
    /// (in the profile's order), else its endpoint line, else its header (one that ends its
    /// line; a top-of-file block has none: its last setting). A key qualified with its group
    /// (`[Authentication]Port`) goes into that group: after a security key line of the same
    /// group, else after the group's header.
    private func anchor(for write: PlannedWrite, in block: Int) throws(InputError) -> Int {
        let current = document.file.blocks[block]
        let qualified = current.groups.isEmpty ? nil : QualifiedKey.split(write.key)
        let group = qualified?.group.lowercased()
        let candidates = write.server.security.keys + [write.server.endpoint?.key].compactMap { $0 }
        for key in candidates where group == nil || QualifiedKey.split(key)?.group.lowercased() == group {
            if let setting = current.setting(key.lowercased()) { return setting.line }
        }
        guard let qualified, let group else {
            return ownHeader(of: block) ?? current.settings.last?.line ?? current.headers.first ?? 0
        }
        guard let header = current.groups[group] else {
            throw InputError(.unsupportedFormat, "cannot add '\(qualified.key)': the file has no \(qualified.group) group")
        }
        return header
    }

    /// The block's first header that ends its physical line. git reads
    /// `[sendemail "home"][sendemail "work"]` as two sections on one line: a line inserted
    /// after it is in `work` (or in whatever section comes last there), so `home` takes a later
    /// header of its own, or its last setting.
    private func ownHeader(of block: Int) -> Int? {
        let lines = document.file.lines
        return document.file.blocks[block].headers.first { header in
            header + 1 >= lines.count || lines[header + 1].lastPhysical != lines[header].lastPhysical
        }
    }

    /// New lines after `anchor`, in the style of the anchor line (or the block's first setting):
    /// its indentation, its separator (padded to the same value column when aligned with
    /// spaces) and its line ending.
    private func insertion(_ writes: [PlannedWrite], after anchor: Int, in block: Int) -> ByteEdit {
        let file = document.file
        let style = file.blocks[block].settings.first { $0.line == anchor } ?? file.blocks[block].settings.first
        let physical = file.text.lines[file.lines[anchor].lastPhysical]
        var text = ""
        // Keys of a file-wide account are written without their `[group]`.
        let grouped = !file.blocks[block].groups.isEmpty
        for write in writes {
            let key = styled(grouped ? QualifiedKey.plain(write.key) : write.key, in: block)
            let line = newLine(key: key, value: write.value, style: style)
            if physical.ending == .none {
                let ending = file.text.dominantLineEnding
                text += (ending == .none ? "\n" : ending.rawValue) + line
            } else {
                text += line + physical.ending.rawValue
            }
        }
        let offset = file.text.offset(physical.ending == .none ? physical.content.upperBound : physical.next)
        return ByteEdit(insertAt: offset, file.text.encoding.encode(text))
    }

    private func newLine(key: String, value: String, style: Setting?) -> String {
        let keyText = profile.syntax.values == .registry ? WrittenValue.format(key, as: .registry) : key
        var indentation = ""
        var separator = profile.syntax.separator
        if let style, let styleValue = style.value {
            let line = document.file.lines[style.line]
            indentation = line.indentation
            let written = line.string(style.keyRange.upperBound..<styleValue.raw.lowerBound)
            if !written.isEmpty { separator = written }
            if written.count > 1, written.allSatisfy({ $0 == " " }) {
                let column = line.string(style.keyRange).count + written.count
                separator = String(repeating: " ", count: max(1, column - keyText.count))
            }
        } else if let style {
            indentation = document.file.lines[style.line].indentation
        }
        if let template = profile.syntax.newLine {
            return indentation + template.replacing("{key}", with: keyText).replacing("{value}", with: value)
        }
        return indentation + keyText + separator + WrittenValue.format(value, as: profile.syntax.values)
    }
}
