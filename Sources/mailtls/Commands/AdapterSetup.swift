import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MailTLS

/// Builds the adapter registry for a command, with user profiles and the environment. A bad
/// profile found in the profile path is skipped with a warning (the run goes on without it); a
/// bad `--profile` file is a usage error (64).
///
/// Option validation builds the registry to check `--profile` and `--format`; the run then
/// takes that same registry (and prints the warnings its loading gave) instead of decoding
/// every profile again.
enum AdapterSetup {
    static func registry(profiles: [String], quiet: Bool = false, stripSignatures: Bool = false) throws -> AdapterRegistry {
        let built: Built
        do {
            built = try load(profiles, stripSignatures: stripSignatures)
        } catch {
            Console.errorLine("mailtls: \(error.message)")
            throw ExitCode(64)
        }
        if !quiet {
            for message in built.warnings { Console.errorLine("mailtls: warning: \(message)") }
        }
        return built.registry
    }

    /// The registry for option validation: a bad `--profile` file is a `ValidationError`;
    /// profile-path warnings wait for the run.
    static func checkedRegistry(profiles: [String], stripSignatures: Bool) throws -> AdapterRegistry {
        do {
            return try load(profiles, stripSignatures: stripSignatures).registry
        } catch {
            throw ValidationError(error.message)
        }
    }

    private struct Built {
        let profiles: [String]
        let stripSignatures: Bool
        let registry: AdapterRegistry
        let warnings: [String]
    }

    /// Warnings collected while the registry loads (on this thread, before any work starts).
    private final class Warnings: @unchecked Sendable {
        var messages: [String] = []
    }

    /// The last registry built. Commands build it on the main thread, before the run's workers
    /// start, and never change it afterwards.
    nonisolated(unsafe) private static var last: Built?

    private static func load(_ profiles: [String], stripSignatures: Bool) throws(InputError) -> Built {
        if let last, last.profiles == profiles, last.stripSignatures == stripSignatures { return last }
        let warnings = Warnings()
        let registry = try BuiltInAdapters.registry(
            environment: AdapterEnvironment(
                profileFiles: profiles, variables: ProcessEnvironment.variables, stripSignatures: stripSignatures,
                warn: { warnings.messages.append($0) }))
        let built = Built(profiles: profiles, stripSignatures: stripSignatures, registry: registry, warnings: warnings.messages)
        last = built
        return built
    }
}
