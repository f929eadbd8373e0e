import ArgumentParser

@main
struct MailTLSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mailtls",
        abstract: "Move mail-client SMTP settings from STARTTLS on 25/587 to implicit TLS on 465.",
        // This text is also the man page's DESCRIPTION (scripts/man.sh): keep it ASCII, one
        // paragraph per blank line, and indent example lines so they stay on lines of their own.
        discussion: """
            Rewrites account settings files (Outlook PRF and Autodiscover, Outlook Express .iaf, \
            Windows Mail .oeaccount, Thunderbird prefs.js and autoconfig, Apple .mobileconfig \
            profiles, K-9 Mail / Thunderbird for Android .k9s exports, msmtp, git, Claws Mail, \
            .reg exports, mutt and neomutt, aerc, Roundcube, the relays Postfix, OpenSMTPD, \
            nullmailer and sSMTP, and any format described by a key-value profile) by editing \
            only the values that must change. An SMTP entry moves when its port is 25 or 587 \
            and encryption (STARTTLS or an SSL flag) is on; plaintext entries and entries already \
            on 465 are left as they are. Passwords are kept byte for byte and never printed.

            EXAMPLES

              mailtls check ~/.msmtprc
              mailtls convert --dry-run --diff exports/
              mailtls convert --in-place ~/.config/msmtp/config
              mailtls convert --output-dir fixed/ exports/
              mailtls inspect --json account.prf
              mailtls check --probe exports/
              mailtls probe smtp.example.com smtp.example.net:465
              mailtls revert --server '*.office365.com' exports/

            EXIT STATUS

            0 done (for check: nothing to change); 1 check found entries to convert, or probe \
            found a host that is not ok; 64 usage \
            error; 65 at least one input was malformed or unsupported; 74 an I/O error, or an \
            output that already exists with other content, or revert refused a file. When several apply, 74 wins over 65, and both over 1.

            FILES

            Key-value profiles (*.json) are read from each folder in MAILTLS_PROFILE_PATH and \
            from $XDG_CONFIG_HOME/mailtls/profiles/ (~/.config/mailtls/profiles/), besides those \
            named with --profile. Provider tables (*.txt) are read from each folder in \
            MAILTLS_PROVIDER_PATH and from $XDG_CONFIG_HOME/mailtls/providers/, besides those named \
            with --provider-table; they override the built-in table of SMTP hosts without implicit \
            TLS on 465. Outputs are written beside the input as NAME-smtps.EXT unless -o, \
            --output-dir or --in-place says otherwise; --in-place keeps NAME.bak, which revert \
            puts back.

            ENVIRONMENT

            MAILTLS_PROFILE_PATH: colon-separated folders of extra profiles. MAILTLS_PROVIDER_PATH: \
            colon-separated folders of extra provider tables. XDG_CONFIG_HOME: \
            base of the per-user configuration folder. MAILTLS_NO_PROGRESS, NO_COLOR, or \
            TERM=dumb: never draw the progress line.

            SEE ALSO

            README.md and docs/ in the source tree or the release tarball: \
            docs/conversion-rules.md is the contract every format follows, docs/profiles.md \
            describes key-value profiles.
            """,
        version: MailTLSVersion.number,
        subcommands: [ConvertCommand.self, CheckCommand.self, InspectCommand.self, AdaptersCommand.self, ProbeCommand.self, RevertCommand.self]
    )
}
