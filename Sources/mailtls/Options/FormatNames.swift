/// The built-in adapter names, offered by shell completion for `--format`. Completion scripts
/// are generated from static declarations, so the list is written out here rather than read
/// from the registry at every parse; CLITests' completion test fails when it and
/// `mailtls adapters` disagree.
enum FormatNames {
    static let builtIn = [
        "outlook-autodiscover", "outlook-express-iaf", "outlook-prf", "thunderbird-autoconfig",
        "thunderbird-prefs", "windows-mail", "mobileconfig", "k9s", "msmtp", "git", "claws", "reg",
        "kmail", "evolution", "mutt", "aerc", "roundcube", "opensmtpd", "nullmailer", "postfix", "ssmtp",
    ]
}
