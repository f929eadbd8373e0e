import ArgumentParser

@main
struct MailTLSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mailtls",
        abstract: "Move mail-client SMTP settings from STARTTLS on 25/587 to implicit TLS on 465.",
        discussion: """
            Rewrites account settings files (Outlook PRF and Autodiscover, Outlook Express .iaf, \
            Windows Mail .oeaccount, Thunderbird prefs.js and autoconfig, msmtp, git, Claws Mail, \
            .reg exports) by editing only the values that must change.

            Exit codes: 0 done, 1 check found entries to convert, 64 usage, 65 malformed or \
            unsupported input, 74 I/O error (or an output that already exists).
            """,
        version: "0.1.0",
        subcommands: [ConvertCommand.self, CheckCommand.self, InspectCommand.self, AdaptersCommand.self, ProbeCommand.self, RevertCommand.self]
    )
}
