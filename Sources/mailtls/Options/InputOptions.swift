import ArgumentParser
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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

    // Optional so that the help states the default once, in words (not the build machine's count).
    @Option(name: [.customShort("j"), .customLong("jobs")], help: ArgumentHelp("Files converted at once (default: the number of cores).", valueName: "jobs"))
    var requestedJobs: Int?

    var jobs: Int { requestedJobs ?? ProcessInfo.processInfo.activeProcessorCount }

    @Flag(name: .customLong("no-progress"), help: "Never draw the progress line (it is drawn only when standard error is a terminal).")
    var noProgress = false

    func validate() throws {
        if jobs < 1 || jobs > 256 { throw ValidationError("--jobs must be between 1 and 256") }
        if paths.isEmpty, filesFrom == nil { throw ValidationError("name at least one file or folder, or use --files-from") }
        if nulSeparated, filesFrom == nil { throw ValidationError("-0/--null goes with --files-from") }
        if maxSize <= 0 { throw ValidationError("--max-size must be positive") }
        if let filesFrom, filesFrom != "-" {
            if FileIO.isDirectory(filesFrom) { throw ValidationError("--files-from \(filesFrom): is a folder, not a list of paths") }
            do {
                _ = try ListReader.open(filesFrom, nulSeparated: nulSeparated)
            } catch {
                throw ValidationError("--files-from \(filesFrom): \(error.reason)")
            }
        }
    }

    /// The inputs, with mailtls's own files in folders passed over as `ownFiles` says.
    func walker(ownFiles: OwnFiles = OwnFiles()) throws -> InputWalker {
        let list: ListReader?
        do {
            list = try filesFrom.map { path throws(IOFailure) in try ListReader.open(path, nulSeparated: nulSeparated) }
        } catch {
            throw ValidationError("--files-from \(error.path): \(error.reason)")
        }
        return InputWalker(paths: paths, list: list, ownFiles: ownFiles)
    }

    /// How many inputs there are, when that is known without walking: only files named on the
    /// command line.
    var knownCount: Int? {
        filesFrom == nil && !paths.contains(where: FileIO.isDirectory) ? paths.count : nil
    }

    /// A second walker over the same inputs, for counting them while the run goes on; nil when
    /// the list cannot be read twice (a pipe on standard input).
    func countingWalker(ownFiles: OwnFiles) -> InputWalker? {
        var list: ListReader?
        if let filesFrom {
            var info = stat()
            let source = filesFrom == "-" ? "/dev/stdin" : filesFrom
            // Re-opening /dev/stdin gives a separate offset only for a regular file.
            guard filesFrom != "-" || (fstat(0, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG) else { return nil }
            guard let reader = try? ListReader.open(source, nulSeparated: nulSeparated) else { return nil }
            list = reader
        }
        return InputWalker(paths: paths, list: list, ownFiles: ownFiles)
    }
}
