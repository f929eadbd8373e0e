import MailTLSCore

/// A declarative description of one family of key-value settings files (docs/profiles.md):
/// how lines look, how sections start and inherit, where the server settings live and what
/// to write on conversion. Profiles are data (JSON); this is their checked, in-memory form.
struct Profile: Sendable {
    var name: String
    var summary: String
    /// Where the profile came from: "built-in" or the path of a user profile file.
    var source: String
    /// The JSON it was decoded from, byte for byte (`mailtls adapters --show`).
    var definition: [UInt8] = []
    var detect: DetectionHints
    var syntax: LineSyntax
    var sections: [SectionKind]
    var servers: [ServerSpec]
    /// Globs for keys whose values are secrets (never shown, kept byte for byte).
    var secretKeys: [KeyGlob]
    /// Keys whose values are shown by `inspect` (secret keys are skipped).
    var details: [String]
    /// The servers' endpoint keys in lower case, as settings' `lookupKey`s are (made once:
    /// every setting of every file is checked against them for a password in the URL).
    var endpointKeys: [String] = []

    func isSecret(_ key: String) -> Bool { secretKeys.contains { $0.matches(key) } }
}

struct DetectionHints: Sendable {
    let fileNames: [String]
    /// A line matching one of these (anywhere in the line) means the content is ours...
    let markers: [LinePattern]
    /// ...and each of these matches some line too (KMail: a `host=` line besides the
    /// `[Transport N]` group)...
    let requiredMarkers: [LinePattern]
    /// ...unless a line matches one of these...
    let notMarkers: [LinePattern]
    /// ...or a folder or file name in the path matches one of these globs (mpop's files,
    /// which share msmtp's syntax).
    let notPaths: [String]
    // The globs compiled once: every profile tests every file's name, so this runs
    // profiles x files times in a walk.
    private let fileNameGlobs: [KeyGlob]
    private let notPathGlobs: [KeyGlob]

    init(fileNames: [String], markers: [LinePattern], requiredMarkers: [LinePattern] = [], notMarkers: [LinePattern], notPaths: [String]) {
        (self.fileNames, self.markers, self.requiredMarkers, self.notMarkers, self.notPaths) =
            (fileNames, markers, requiredMarkers, notMarkers, notPaths)
        fileNameGlobs = fileNames.map(KeyGlob.init)
        notPathGlobs = notPaths.map(KeyGlob.init)
    }

    func excludes(path: String) -> Bool {
        guard !notPathGlobs.isEmpty else { return false }
        var path = path
        return path.withUTF8 { bytes in
            bytes.split(separator: 0x2F).contains { component in
                notPathGlobs.contains { $0.matches(UnsafeBufferPointer(rebasing: component)) }
            }
        }
    }

    /// Whether the last component of `path` matches one of `fileNames`.
    func nameMatches(_ path: String) -> Bool {
        guard !fileNameGlobs.isEmpty else { return false }
        var path = path
        return path.withUTF8 { bytes in
            let start = bytes.lastIndex(of: 0x2F).map { $0 + 1 } ?? 0
            let name = UnsafeBufferPointer(rebasing: bytes[start...])
            return fileNameGlobs.contains { $0.matches(name) }
        }
    }
}

struct LineSyntax: Sendable {
    /// How lines are read: with the profile's patterns, or with git's config grammar.
    enum Grammar: String, Sendable {
        case lines
        /// git's own rules (quotes anywhere, escapes, continuations, comments, `[a "b"]` and
        /// `[a.b]`); section headers are matched in their canonical form `[section "sub"]`.
        case gitconfig
    }
    var grammar: Grammar
    /// A first line every file must start with (regedit's version line), and how to name it
    /// in the error when it is missing.
    var header: (pattern: LinePattern, description: String)?
    /// Prefixes (after leading blanks) that make a line a comment.
    var comments: [[UInt8]]
    /// A line ending in this text continues on the next line.
    var continuation: [UInt8]
    /// Whole-line patterns with named groups `key` and (optional) `value`, tried in order
    /// (empty for gitconfig, and for formats whose settings are all in header lines).
    var assignments: [LinePattern]
    /// Quote characters around plain values (`"`, or `"` and `'`), if the format has any (ASCII).
    var quotes: [UInt8]
    /// A line that starts with a blank continues the logical line before it (Postfix
    /// `main.cf`); blank and comment lines in between are skipped, as Postfix does.
    var indentContinues: Bool
    /// What a line that is neither blank, a comment, a header nor a setting means: an error
    /// (the default), or nothing (muttrc, PHP and relay configs hold many other commands).
    var otherLines: OtherLines
    /// How an inserted setting line is written, with `{key}` and `{value}` (PHP:
    /// `$config['{key}'] = {value};`); nil writes key, separator and value.
    var newLine: String?

    enum OtherLines: String, Sendable {
        case error, ignore
    }
    var values: ValueFormat
    /// Between key and value in an inserted line when no neighbouring line shows the style.
    var separator: String
}

/// How values are written: plain text (optionally quoted) or regedit's typed values.
enum ValueFormat: String, Sendable {
    case plain
    case registry
}

/// One kind of section header line.
struct SectionKind: Sendable {
    enum Role: String, Sendable {
        /// Its settings make an entry (an account, an identity, a registry key).
        case account
        /// Its settings apply to accounts declared after it (msmtp `defaults`).
        case defaults
        /// Not ours: its settings are skipped (other gitconfig sections, other registry keys).
        case ignore
        /// A group of the one account that the whole file describes (Evolution's `.source`):
        /// every such group belongs to one block, and a key `k` in group `[G]` is named
        /// `[G]k` (see `QualifiedKey`).
        case file

        /// Whether sections of this role make entries.
        var isAccount: Bool { self == .account || self == .file }
    }
    var kind: String
    /// Whole-line pattern; optional named groups `name` and `parents` (comma-separated),
    /// `flags` (words `--key[=value]`, each a setting), and any other named group, which is a
    /// setting of the section with the group's name as key (a line that is a whole entry:
    /// a nullmailer remote, an OpenSMTPD relay action). Nil for a `topOfFile` kind.
    var header: LinePattern?
    /// The section is the part of the file before any header (the whole file for formats
    /// without sections: `main.cf`, `ssmtp.conf`, `muttrc`).
    var topOfFile: Bool
    var role: Role
    /// Kind of section this one falls back to for keys it does not set (git identities).
    var fallback: String?
}

/// One server (SMTP, IMAP or POP3) that an account section may describe.
struct ServerSpec: Sendable {
    var proto: MailProtocol
    /// The server is read only in blocks where these hold (Evolution: `[Mail Transport]
    /// BackendName` is `smtp`; KMail: the transport type is absent or SMTP).
    var onlyIf: [Condition] = []
    var host: String?
    /// Key whose value labels the entry (falls back to the section name).
    var label: String?
    var port: PortSpec
    var security: SecuritySpec
    /// Values to set on conversion, before the port.
    var convert: [Write]
    /// The server is written as one endpoint value (`smtp://user@host:587/`), which gives
    /// its host, scheme and port.
    var endpoint: EndpointSpec?
}

/// A setting whose value is an endpoint: `scheme://[userinfo@]host[:port][/path]`,
/// `[host]:port` or `host[:port]`, read with the core's `EndpointURL`.
struct EndpointSpec: Sendable {
    /// The condition key that rules use for the endpoint's scheme (lower case; absent when the
    /// value has none).
    static let schemeKey = "@scheme"

    var key: String
    /// The schemes this format knows, lower case, each with its default port; `""` stands for
    /// a value without scheme. Any other scheme leaves the entry as is with a warning.
    var schemes: [String: Int]
    /// The scheme a conversion writes in place of each scheme written (lower case keys; the
    /// new scheme takes the written one's letter case). A scheme not listed stays.
    var convertSchemes: [String: String]
    /// A host without brackets is not one server (Postfix looks up its MX records): such an
    /// entry is left as is with a warning.
    var requireBrackets: Bool
    /// Where a port goes that neither the value nor the port key writes: into the value
    /// (`host:465`, the default) or, with a port key, into that key (Roundcube before 1.6, which
    /// reads the port from `smtp_port` only).
    var newPortInKey: Bool

    func defaultPort(_ scheme: String?) -> Int? { schemes[scheme ?? ""] }
}

struct PortSpec: Sendable {
    /// Nil when the port is only written inside the endpoint.
    var key: String?
    var defaultPort: Int
    /// The default when the security is implicit TLS.
    var defaultTLS: Int?
    /// The port value counts only when these hold (Claws `set_smtpport`).
    var onlyIf: [Condition]
}

struct SecuritySpec: Sendable {
    /// Keys that carry the security, in order. The first one found in the entry's own section
    /// is where missing keys are inserted.
    var keys: [String]
    var rules: [SecurityRule]
    var otherwise: SecurityClass
}

struct SecurityRule: Sendable {
    /// Applies only in sections of this kind.
    var section: String?
    var conditions: [Condition]
    var result: SecurityClass
}

/// A test on one key's effective value. Keys and values compare case-insensitively.
struct Condition: Sendable {
    enum Matcher: Sendable {
        /// Present with one of these values (`*` = any value; `""` = written without a value).
        case oneOf([String])
        /// Present with none of these values.
        case noneOf([String])
    }
    var key: String
    var matcher: Matcher
    /// Whether an absent key satisfies a `oneOf` test (`null` in the profile's list).
    var orAbsent = false

    func holds(for value: String?) -> Bool {
        guard let value else { return orAbsent }
        let normalized = value.trimmingBlanks.lowercased()
        switch matcher {
        case .oneOf(let values): return values.contains { $0 == "*" || $0.lowercased() == normalized }
        case .noneOf(let values): return !values.contains { $0.lowercased() == normalized }
        }
    }
}

/// What a profile's security rule concludes.
enum SecurityClass: String, Sendable, CaseIterable {
    case none, starttls, auto, tls
    case starttlsOptional = "starttls-optional"
    /// A boolean "SSL" switch: implicit TLS on the protocol's TLS port, STARTTLS elsewhere.
    case sslFlag = "ssl-flag"
    /// A value the profile does not know: the entry is left as is with a warning quoting it.
    case unknown
}

/// A key named with its group, `[Authentication]Port`, for files whose one account spans
/// several groups (section role `file`). Group names cannot contain `]` in the INI dialects
/// this serves, so the first `]` ends the group.
enum QualifiedKey {
    /// `[group]` (with its brackets) and the plain key, or nil for an unqualified key.
    static func split(_ key: String) -> (group: String, key: String)? {
        guard key.hasPrefix("["), let close = key.firstIndex(of: "]") else { return nil }
        let after = key.index(after: close)
        return (String(key[..<after]), String(key[after...]))
    }

    /// The key as written in its group's lines.
    static func plain(_ key: String) -> String { split(key)?.key ?? key }
}

/// A value to set on conversion.
struct Write: Sendable {
    var key: String
    /// The value to set; nil when the write renames the key instead.
    var value: String?
    /// Writes a new name over the key where the entry's own section has it (nullmailer
    /// `--starttls` -> `--ssl`); nothing happens where it has not.
    var renameTo: String?
    /// Set only when the key is already there (effective) for the entry.
    var onlyIfPresent: Bool
    /// Not written when all of these hold (Postfix: `smtp_tls_security_level` is raised to
    /// `encrypt` unless it already is that or stronger).
    var unless: [Condition]
}

extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmingBlanks: String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
