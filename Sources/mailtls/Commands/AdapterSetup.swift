import ArgumentParser
import Foundation
import MailTLS

/// Builds the adapter registry for a command, with user profiles and the environment.
enum AdapterSetup {
    static func registry(profiles: [String], stripSignatures: Bool = false) throws -> AdapterRegistry {
        do {
            return try BuiltInAdapters.registry(
                environment: AdapterEnvironment(
                    profileFiles: profiles, variables: ProcessInfo.processInfo.environment, stripSignatures: stripSignatures))
        } catch {
            Console.error("mailtls: \(error.message)\n")
            throw ExitCode(65)
        }
    }
}
