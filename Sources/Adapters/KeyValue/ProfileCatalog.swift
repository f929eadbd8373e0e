import MailTLSCore

/// The profiles of a run: the built-in ones, then user profiles from the search path and
/// `--profile` files. A user profile with the name of an earlier one replaces it. A bad file
/// in the search path is skipped with a warning (one broken file must not stop every run); a
/// bad `--profile` file is an error.
enum ProfileCatalog {
    static let builtIn: [(file: String, bytes: [UInt8])] = [
        ("msmtp.json", PackageResources.msmtp_json),
        ("git.json", PackageResources.git_json),
        ("claws.json", PackageResources.claws_json),
        ("reg.json", PackageResources.reg_json),
        ("kmail.json", PackageResources.kmail_json),
        ("evolution.json", PackageResources.evolution_json),
        ("mutt.json", PackageResources.mutt_json),
        ("aerc.json", PackageResources.aerc_json),
        ("roundcube.json", PackageResources.roundcube_json),
        ("opensmtpd.json", PackageResources.opensmtpd_json),
        ("nullmailer.json", PackageResources.nullmailer_json),
        ("postfix.json", PackageResources.postfix_json),
        ("ssmtp.json", PackageResources.ssmtp_json),
    ]

    static func load(_ environment: AdapterEnvironment) throws(InputError) -> [Profile] {
        var profiles: [Profile] = []
        for (file, bytes) in builtIn {
            var profile = try ProfileDecoder.decode(bytes, origin: "built-in \(file)")
            profile.source = "built-in"
            profiles.append(profile)
        }
        var found: [Profile] = []
        for path in userFiles.files(environment.variables) {
            do {
                found.append(try ProfileDecoder.decode(try read(path), origin: path))
            } catch {
                environment.warn("\(error.message) (profile skipped)")
            }
        }
        for path in environment.profileFiles {
            found.append(try ProfileDecoder.decode(try read(path), origin: path))
        }
        for profile in found {
            if let index = profiles.firstIndex(where: { $0.name == profile.name }) {
                profiles[index] = profile
            } else {
                profiles.append(profile)
            }
        }
        return profiles
    }

    /// Where user profiles live: `$MAILTLS_PROFILE_PATH`, then `$XDG_CONFIG_HOME/mailtls/profiles`.
    static let userFiles = UserDataFiles(pathVariable: "MAILTLS_PROFILE_PATH", subfolder: "profiles", suffix: ".json")

    private static func read(_ path: String) throws(InputError) -> [UInt8] {
        do {
            return try FileIO.read(path, limit: 1 << 20).bytes
        } catch {
            throw InputError(.invalidValue, "profile \(path): " + (error.reason.contains("larger than") ? "larger than 1 MiB" : "cannot read the file"))
        }
    }
}
