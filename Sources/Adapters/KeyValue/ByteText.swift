import MailTLSCore

/// A settings file as UTF-8 bytes split into physical lines: what the profile engine scans.
/// The bytes are the core's `UTF8View`: a UTF-8 file as it is, UTF-16 and CP932 transcoded
/// once (the CP932 lead/trail rule keeps a trail byte 0x5C from reading as `\`), with a map
/// back to the file's byte offsets.
struct ByteText: Sendable {
    typealias Line = UTF8View.Line

    let encoding: TextEncoding
    /// The text as UTF-8, without BOM.
    var bytes: [UInt8] { view.bytes }
    let lines: [Line]
    private let view: UTF8View

    init(bytes file: [UInt8]) throws(InputError) {
        let encoding = file.isEmpty ? TextEncoding.utf8(bom: false) : TextEncoding.detect(file)
        self.encoding = encoding
        // The core's view also words the errors (empty, NUL, bad UTF-8/16).
        view = try UTF8View(file: file, encoding: encoding)
        lines = view.lines()
    }

    /// The file byte offset of view index `index` (`bytes.count` gives the end of the file).
    func offset(_ index: Int) -> Int { view.fileOffset(index) }

    /// The file byte range of the view range `range`.
    func fileRange(_ range: Range<Int>) -> Range<Int> { view.fileRange(range) }

    /// The line ending used most (for an inserted line that has no neighbour).
    var dominantLineEnding: LineEnding { UTF8View.dominantLineEnding(of: lines) }

    func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
}
