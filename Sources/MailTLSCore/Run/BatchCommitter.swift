#if canImport(Glibc)
import Glibc
#endif

/// Makes many staged outputs durable with a constant number of disk flushes instead of one
/// per file.
///
/// Results arrive in report order; those with a staged file are held until the batch is full
/// (or the run ends). Then: one `syncfs` per file system flushes every staged temporary file,
/// the files are renamed (or linked) into place, and a second `syncfs` makes the renames
/// durable. A crash at any point leaves each destination either as it was or complete:
/// temporary files are only renamed after their data is on disk, and a rename is atomic.
public final class BatchCommitter {
    private let processor: FileProcessor
    private let batchSize: Int
    private var held: [FileResult] = []
    private var stagedCount = 0

    /// 256 staged files per batch: two `syncfs` calls per 256 files cost little, and the
    /// results held meanwhile (with the unchanged files' reports queued behind them, to keep
    /// the report order) are what a writing run needs beyond a reading one; at 512 they pushed
    /// its peak RSS past the 32 MiB target (scripts/bench.sh).
    public init(processor: FileProcessor, batchSize: Int = 256) {
        self.processor = processor
        self.batchSize = max(1, batchSize)
    }

    /// Adds a result; returns the results that are final now, in order.
    public func add(_ result: FileResult) -> [FileResult] {
        if result.pending == nil, held.isEmpty { return [result] }
        held.append(result)
        if result.pending != nil { stagedCount += 1 }
        return stagedCount >= batchSize ? flush() : []
    }

    /// Commits everything held and returns it, in order.
    public func flush() -> [FileResult] {
        defer {
            held = []
            stagedCount = 0
        }
        let folders = Set(held.compactMap { $0.pending.map { FileIO.directory(of: $0.destination) } })
        FileSystemSync.flush(folders)
        for index in held.indices { processor.commit(&held[index]) }
        FileSystemSync.flush(folders)
        return held
    }
}

/// Flushes whole file systems: one `syncfs(2)` per distinct device among `folders`.
public enum FileSystemSync {
    public static func flush(_ folders: Set<String>) {
        var devices: Set<UInt64> = []
        for folder in folders {
            var info = stat()
            guard stat(folder, &info) == 0, devices.insert(UInt64(info.st_dev)).inserted else { continue }
            let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else { continue }
            #if os(Linux)
            if linuxSyncfs(fd) != 0 { fsync(fd) }
            #else
            fsync(fd)
            #endif
            close(fd)
        }
    }
}

#if os(Linux)
/// `syncfs(2)`: Glibc declares it only under `_GNU_SOURCE`, which the Swift module map does not set.
@_silgen_name("syncfs")
private func linuxSyncfs(_ fd: Int32) -> Int32
#endif
