import MailTLSCore

/// Registers the Outlook 2007 PRF adapter.
public enum OutlookPRFModule: AdapterModule {
    public static func adapters(environment: AdapterEnvironment) -> [any Adapter] {
        [OutlookPRFAdapter()]
    }
}
