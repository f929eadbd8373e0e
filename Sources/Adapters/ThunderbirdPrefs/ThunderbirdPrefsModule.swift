import MailTLSCore

public enum ThunderbirdPrefsModule: AdapterModule {
    public static func adapters(environment: AdapterEnvironment) throws(InputError) -> [any Adapter] {
        [ThunderbirdPrefsAdapter()]
    }
}
