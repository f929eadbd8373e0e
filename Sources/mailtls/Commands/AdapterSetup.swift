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
enum AdapterSetup {
    static func registry(profiles: [String], quiet: Bool = false, stripSignatures: Bool = false) throws -> AdapterRegistry {
        do {
            return try build(profiles, stripSignatures: stripSignatures, warn: { message in if !quiet { Console.errorLine("mailtls: warning: \(message)") } })
        } catch {
            Console.errorLine("mailtls: \(error.message)")
            throw ExitCode(64)
        }
    }

    /// The registry for option validation: a bad `--profile` file is a `ValidationError`;
    /// profile-path warnings wait for the run.
    static func checkedRegistry(profiles: [String]) throws -> AdapterRegistry {
        do {
            return try build(profiles, warn: { _ in })
        } catch {
            throw ValidationError(error.message)
        }
    }

    private static func build(
        _ profiles: [String], stripSignatures: Bool = false, warn: @escaping @Sendable (String) -> Void
    ) throws(InputError) -> AdapterRegistry {
        try BuiltInAdapters.registry(
            environment: AdapterEnvironment(
                profileFiles: profiles, variables: ProcessEnvironment.variables, stripSignatures: stripSignatures, warn: warn))
    }
}
