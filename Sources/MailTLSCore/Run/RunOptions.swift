/// Where converted files go.
public enum OutputMode: Sendable, Equatable {
    /// `<stem><suffix>.<ext>` beside the input (default suffix `-smtps`).
    case beside(suffix: String)
    /// One named output file (`-o PATH`), for a single input.
    case file(String)
    /// Standard output (`-o -`), for a single input.
    case standardOutput
    /// A folder mirroring the input tree (`--output-dir`).
    case directory(String)
    /// Replace the input (`--in-place`), keeping a backup unless `backupSuffix` is nil.
    case inPlace(backupSuffix: String?)

    /// An output the user named (`-o PATH`, `-o -`): it receives the result even when nothing
    /// changes (rules §5).
    public var isNamed: Bool {
        switch self {
        case .file, .standardOutput: true
        default: false
        }
    }
}

/// Everything a run needs to know besides the inputs.
public struct RunOptions: Sendable {
    public var policy: ConversionPolicy
    public var output: OutputMode
    /// Decide and report, write nothing.
    public var dryRun: Bool
    /// Overwrite existing outputs and backups; edit in place despite a hazard.
    public var force: Bool
    /// Use this adapter instead of detection (`--format`).
    public var format: String?
    /// Largest input read, in bytes.
    public var sizeLimit: Int
    /// Render a diff of each change.
    public var wantDiff: Bool
    /// Leave converted files staged (`FileResult.pending`) for a `BatchCommitter` instead of
    /// moving each into place at once.
    public var deferCommit: Bool = false
    /// Provider table and `--probe` (README, "Before you convert"); off unless the caller sets them.
    public var safety = SafetyCheck()

    public init(
        policy: ConversionPolicy = ConversionPolicy(), output: OutputMode = .beside(suffix: "-smtps"), dryRun: Bool = false,
        force: Bool = false, format: String? = nil, sizeLimit: Int = FileIO.defaultSizeLimit, wantDiff: Bool = false
    ) {
        self.policy = policy
        self.output = output
        self.dryRun = dryRun
        self.force = force
        self.format = format
        self.sizeLimit = sizeLimit
        self.wantDiff = wantDiff
    }
}

/// One input to process: its path, the root it was found under (to mirror the tree into
/// `--output-dir`), and whether the user named it (an unrecognised named file is an error; one
/// found in a folder is skipped).
public struct FileTask: Sendable, Equatable {
    public var path: String
    public var root: String?
    public var explicit: Bool

    public init(path: String, root: String? = nil, explicit: Bool) {
        self.path = path
        self.root = root
        self.explicit = explicit
    }
}
