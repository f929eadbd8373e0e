import MailTLSCore

/// Registers the Outlook Express `.iaf` adapter (discovered from this folder by the build plugin).
public enum OutlookExpressIAFModule: AdapterModule {
    public static func adapters(environment: AdapterEnvironment) throws(InputError) -> [any Adapter] {
        [OutlookExpressIAFAdapter()]
    }
}
