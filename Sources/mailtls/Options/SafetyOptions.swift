import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MailTLS
import MailTLSProbe

/// How a probe connects (`--probe` of convert/check, and `mailtls probe`).
struct ProbeOptions: ParsableArguments {
    @Option(name: .customLong("probe-timeout"), help: ArgumentHelp("Seconds allowed for one probe.", valueName: "seconds"))
    var timeout: Double = 5

    @Option(name: .customLong("probe-jobs"), help: "Probes in flight at once.")
    var jobs: Int = 16

    @Option(name: .customLong("ca-file"), help: ArgumentHelp("Also trust the CA certificates in FILE (PEM) when probing.", valueName: "file"), completion: .file(extensions: ["pem", "crt"]))
    var caFile: String?

    func validate() throws {
        if !(timeout > 0 && timeout <= 600) { throw ValidationError("--probe-timeout must be between 0 and 600 seconds") }
        if jobs < 1 || jobs > 256 { throw ValidationError("--probe-jobs must be between 1 and 256") }
    }

    func prober() throws -> NIOProber {
        if let caFile, access(caFile, R_OK) != 0 {
            throw ValidationError("--ca-file: cannot read \(caFile)")
        }
        do {
            return try NIOProber(timeoutSeconds: timeout, concurrency: jobs, caFile: caFile)
        } catch {
            throw ValidationError("--ca-file: cannot load \(caFile ?? "the system trust store"): \(error)")
        }
    }
}

/// "Never break an account" (README, "Before you convert"): the provider table (on by default) and
/// the opt-in `--probe`, for convert, check and inspect.
struct SafetyOptions: ParsableArguments {
    @Flag(name: .customLong("no-provider-table"), help: "Do not consult the provider table for this run: convert hosts known to lack implicit TLS on 465 too.")
    var noProviderTable = false

    @Option(name: .customLong("provider-table"), help: ArgumentHelp("Add a provider table from FILE; it overrides the built-in one (repeatable).", valueName: "file"), completion: .file())
    var providerTables: [String] = []

    @Flag(name: .customLong("probe"), help: "Before converting, connect to each host on the target port (TLS, certificate, SMTP 220) and convert only where that works. The only option that uses the network.")
    var probe = false

    @Flag(name: .customLong("accept-name-mismatch"), help: "With --probe, also convert when the certificate is valid but issued for other names (a provider's shared certificate).")
    var acceptNameMismatch = false

    @OptionGroup var probeOptions: ProbeOptions

    func validate() throws {
        if acceptNameMismatch, !probe { throw ValidationError("--accept-name-mismatch goes with --probe") }
        if noProviderTable, !providerTables.isEmpty { throw ValidationError("--provider-table and --no-provider-table exclude each other") }
    }

    /// The provider table of the run, or nil when turned off. A broken table file is bad input
    /// (exit 65), like a broken profile.
    func providerTable() throws -> ProviderTable? {
        guard !noProviderTable else { return nil }
        do {
            return try ProviderCatalog.load(files: providerTables, variables: ProcessEnvironment.variables)
        } catch {
            Console.error("mailtls: \(error.message)\n")
            throw ExitCode(65)
        }
    }

    /// The run's safety check. Under `--probe` it first reads every input once (`prefetch`)
    /// so all hosts are probed together, concurrently, before any file is decided; files then
    /// find their hosts' verdicts in the cache (and a host missed there is probed on demand).
    func check(base: RunOptions, registry: AdapterRegistry, prefetch: (FileProcessor) -> [ProbeTarget]) throws -> SafetyCheck {
        var check = SafetyCheck(providers: try providerTable(), acceptNameMismatch: acceptNameMismatch)
        guard probe else { return check }
        let cache = ProbeCache(prober: try probeOptions.prober())
        var scan = base
        scan.dryRun = true
        scan.wantDiff = false
        scan.deferCommit = false
        scan.safety = check
        let targets = prefetch(FileProcessor(registry: registry, options: scan))
        _ = cache.results(for: Array(Set(targets)))
        check.probes = cache
        return check
    }
}
