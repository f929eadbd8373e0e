import MailTLSCore
import MailTLSXML

/// One server of a `com.apple.mail.managed` payload: its keys share a prefix
/// (`OutgoingMailServer`, `IncomingMailServer`) followed by `HostName`, `PortNumber` and
/// `UseSSL` (Apple's device-management schema for the payload).
///
/// Decisions (rules §8):
/// - Encryption is on when `UseSSL` is `<true/>`, or, for SMTP, when the port is 587:
///   generators such as automx2 write STARTTLS on 587 as `<false/>`.
/// - An absent port is not 587: the client then tries 25, 587 and 465, so it counts as 25
///   (incoming: 143 for IMAP, 110 for POP).
/// - A value that is not what the schema says (a port that is not an `<integer>` from 1 to
///   65535, a `UseSSL` that is not `<true/>`/`<false/>`) leaves this server out with a warning
///   that quotes it (rules §7); the rest of the file is still read.
struct MailPayloadServer: Sendable {
    let prefix: String
    let host: PlistDictionary.Pair
    let port: PlistDictionary.Pair?
    let useSSL: PlistDictionary.Pair?

    enum Reading {
        case server(MailPayloadServer, ServerEntry)
        case leftAsIs(warning: String)
        case absent
    }

    static func read(
        _ prefix: String, _ proto: MailProtocol, in payload: PlistDictionary, account: String, shift: Int
    ) -> Reading {
        guard let host = payload["\(prefix)HostName"] else { return .absent }
        let port = payload["\(prefix)PortNumber"]
        let useSSL = payload["\(prefix)UseSSL"]
        func leftAsIs(_ pair: PlistDictionary.Pair, _ problem: String) -> Reading {
            .leftAsIs(warning: "line \(pair.value.line): \(account): \(prefix)\(problem): left as is")
        }
        var portNumber = proto.cleartextPort
        if let port {
            let digits = port.value.value
            guard port.value.localName == "integer", port.value.children.isEmpty, digits.allSatisfy(\.isASCII),
                let number = Int(digits), (1...65535).contains(number)
            else { return leftAsIs(port, "PortNumber <\(port.value.name)>\(port.value.text)</\(port.value.name)> is not a port number") }
            portNumber = number
        }
        var sslOn = false
        if let useSSL {
            guard ["true", "false"].contains(useSSL.value.localName), useSSL.value.children.isEmpty, useSSL.value.value.isEmpty else {
                return leftAsIs(useSSL, "UseSSL <\(useSSL.value.name)> is not <true/> or <false/>")
            }
            sslOn = useSSL.value.localName == "true"
        }
        var security = Security.fromSSLFlag(sslOn, port: portNumber, protocol: proto)
        if proto == .smtp, !sslOn, portNumber == 587 { security = .starttls }
        let entry = ServerEntry(
            account: account, proto: proto, host: host.value.value, port: portNumber,
            portLocation: port.map { shifted($0.value.valueRange, by: shift) }, security: security,
            securityLocation: useSSL.map { shifted($0.value.range, by: shift) },
            details: [.init("\(prefix)UseSSL", useSSL.map { $0.value.localName } ?? "absent")])
        return .server(MailPayloadServer(prefix: prefix, host: host, port: port, useSSL: useSSL), entry)
    }

    /// The edits that move this server to `port` with `UseSSL` true, in the plist's own bytes:
    /// values replaced in place; a missing key inserted with its value after the host name (the
    /// port) or after the port (`UseSSL`), each on its own line with the anchor's indentation.
    func edits(toPort target: Int, in xml: XMLDocument) -> [ByteEdit] {
        var edits: [ByteEdit] = []
        let number = String(target)
        var anchor = host.value
        if let port {
            if port.value.value != number { edits.append(xml.replacingValue(of: port.value, with: number)) }
            anchor = port.value
        } else {
            edits.append(xml.inserting(markup: "<key>\(prefix)PortNumber</key>", after: anchor))
            edits.append(xml.inserting(markup: "<integer>\(number)</integer>", after: anchor))
        }
        if let useSSL {
            if useSSL.value.localName != "true" { edits.append(xml.replacing(useSSL.value, withMarkup: "<true/>")) }
        } else {
            edits.append(xml.inserting(markup: "<key>\(prefix)UseSSL</key>", after: anchor))
            edits.append(xml.inserting(markup: "<true/>", after: anchor))
        }
        return edits
    }
}

func shifted(_ range: Range<Int>, by offset: Int) -> Range<Int> {
    (range.lowerBound + offset)..<(range.upperBound + offset)
}
