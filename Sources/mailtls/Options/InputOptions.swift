import ArgumentParser
import Foundation
import MailTLS

/// Which files to read.
struct InputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Files or folders (folders are searched recursively).", valueName: "path"), completion: .file())
    var paths: [String] = []

    @Option(name: .customLong("files-from"), help: ArgumentHelp("Read more paths from FILE, one per line ('-' = standard input).", valueName: "file"), completion: .file())
    var filesFrom: String?

    @Flag(name: [.customShort("0"), .customLong("null")], help: "Paths in --files-from end in NUL, not newline (find -print0).")
    var nulSeparated = false

    @Option(name: .customLong("max-size"), help: "Refuse files larger than this many bytes.")
    var maxSize: Int = FileIO.defaultSizeLimit

    @Option(name: [.short, .long], help: "Files converted at once (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .customLong("no-progress"), help: "Never draw the progress line (it is drawn only when standard error is a terminal).")
    var noProgress = false

    func validate() throws {
        if jobs < 1 || jobs > 256 { throw ValidationError("--jobs must be between 1 and 256") }
        if paths.isEmpty, filesFrom == nil { throw ValidationError("name at least one file or folder, or use --files-from") }
        if nulSeparated, filesFrom == nil { throw ValidationError("-0/--null goes with --files-from") }
        if maxSize <= 0 { throw ValidationError("--max-size must be positive") }
    }

    func walker(ownFile: @escaping (String) -> Bool) throws -> InputWalker {
        let list: ListReader?
        do {
            list = try filesFrom.map { path throws(IOFailure) in try ListReader.open(path, nulSeparated: nulSeparated) }
        } catch {
            throw ValidationError(error.reason)
        }
        return InputWalker(paths: paths, list: list, ownFile: ownFile)
    }
}
