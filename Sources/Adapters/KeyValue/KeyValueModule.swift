import MailTLSCore

/// The key-value adapters: one per profile (built-in msmtp, git, claws, reg, kmail, evolution,
/// plus user profiles). See docs/profiles.md.
public enum KeyValueModule: AdapterModule {
    public static func adapters(environment: AdapterEnvironment) throws(InputError) -> [any Adapter] {
        try ProfileCatalog.load(environment).map { KeyValueAdapter(profile: $0) }
    }

    /// Profiles are data matched by line patterns: tried after formats with a signature.
    public static var isGeneric: Bool { true }
}
