import MailTLSCore
import MailTLSTestSupport
import Testing
@testable import KeyValue

/// Files shaped like the dotfiles people publish (rules §7): git's full grammar, mpop beside
/// msmtp, and output written in the file's own style.
@Suite struct RealWorldTests {
    private func run(_ profile: String, _ text: String, name: String = "f") throws -> FileConverter.Outcome {
        try Convert.run(InputFile(name: name, bytes: text.bytes), with: Profiles.adapter(profile))
    }

    @Test func gitAliasesWithQuotesAnywhereAreRead() throws {
        let text = "[alias]\n\tpr = !git log --format=\"%h %s\"\n\tdiffc = !vim -c \\\"Gdiff\\\"\n\tq = !\"git status\" \\\n\t  -sb\n"
            + "\tlast = log -1 HEAD ; comment\n[sendemail]\n\tsmtpserver = smtp.example.org\n\tsmtpserverport = 587\n\tsmtpencryption = tls\n"
        let outcome = try run("git", text)
        #expect(outcome.conversions.map(\.entry.host) == ["smtp.example.org"])
        #expect(try #require(outcome.output).debugText.hasSuffix("[sendemail]\n\tsmtpserver = smtp.example.org\n\tsmtpserverport = 465\n\tsmtpencryption = ssl\n"))
    }

    @Test func gitOldStyleSubsectionIsAnIdentity() throws {
        let text = "[sendemail]\n\tsmtpEncryption = tls\n[sendemail.Work]\n\tsmtpServer = smtp.work.example\n\tsmtpServerPort = 587\n"
        let entries = try Convert.entries(text.bytes, with: Profiles.adapter("git"))
        // `[sendemail.Work]` is git's `sendemail.work.*`: lower-cased, falling back to [sendemail].
        #expect(entries.map { "\($0.account) \($0.host ?? "-") \($0.port) \($0.security.rawValue)" } == ["work smtp.work.example 587 starttls"])
    }

    @Test func gitInsertedKeyFollowsTheSectionsSpelling() throws {
        let lower = try run("git", "[sendemail]\n\tsmtpserver = smtp.example.org\n\tsmtpencryption = tls\n")
        #expect(try #require(lower.output).debugText == "[sendemail]\n\tsmtpserver = smtp.example.org\n\tsmtpencryption = ssl\n\tsmtpserverport = 465\n")
        let camel = try run("git", "[sendemail]\n\tsmtpServer = smtp.example.org\n\tsmtpEncryption = tls\n")
        #expect(try #require(camel.output).debugText == "[sendemail]\n\tsmtpServer = smtp.example.org\n\tsmtpEncryption = ssl\n\tsmtpServerPort = 465\n")
    }

    @Test func replacedValuesKeepTheirLetterCase() throws {
        #expect(EditPlanner.inCaseOf("TLS", "ssl") == "SSL")
        #expect(EditPlanner.inCaseOf("tls", "ssl") == "ssl")
        #expect(EditPlanner.inCaseOf("Tls", "ssl") == "Ssl")
        #expect(EditPlanner.inCaseOf("tLs", "ssl") == "ssl" || EditPlanner.inCaseOf("tLs", "ssl") == "ssl")
        #expect(EditPlanner.inCaseOf("587", "465") == "465")
        // Gerrit's gerrit.config writes `TLS`; msmtp's `On` is capitalised.
        let gerrit = try run("git", "[sendemail]\n\tsmtpServer = smtp.example.org\n\tsmtpServerPort = 587\n\tsmtpEncryption = TLS\n", name: "gerrit.config")
        #expect(try #require(gerrit.output).debugText.hasSuffix("smtpServerPort = 465\n\tsmtpEncryption = SSL\n"))
        let msmtp = try run("msmtp", "account a\nhost h\nport 587\ntls On\ntls_starttls On\n")
        #expect(try #require(msmtp.output).debugText == "account a\nhost h\nport 465\ntls On\ntls_starttls Off\n")
    }

    @Test func gitIncludesAreReportedAsNotes() throws {
        let text = "[include]\n\tpath = ~/.gitconfig.local\n[includeIf \"gitdir:~/work/\"]\n\tpath = \"work.inc\"\n[sendemail]\n\tsmtpServer = h.example\n\tsmtpEncryption = ssl\n"
        let outcome = try run("git", text)
        #expect(outcome.warnings == [
            "line 2: included file '~/.gitconfig.local' is not read: settings there are not converted",
            "line 4: included file 'work.inc' is not read: settings there are not converted",
        ])
    }

    @Test func gitErrorsNameTheLine() throws {
        #expect(throws: InputError(.syntax, "line 3: unknown escape '\\q' in a value")) {
            try run("git", "[alias]\n\tok = 1\n\tbad = a\\qb\n[sendemail]\n\tsmtpServer = h\n")
        }
        #expect(throws: InputError(.syntax, "line 2: 'smtpServer' is followed by '#', not '=' or the end of the line")) {
            try run("git", "[sendemail]\nsmtpServer # no value\n")
        }
    }

    @Test func mpopFilesAreNotMsmtp() throws {
        let msmtp = try Profiles.adapter("msmtp")
        let mpop = "defaults\ntls on\n\naccount work\nhost pop.example.org\nuser me\ndelivery maildir ~/Mail/INBOX\n"
        #expect(msmtp.detect(InputFile(name: "x/.config/mpop/config", bytes: mpop.bytes)) == .no)
        #expect(msmtp.detect(InputFile(name: "notes/config", bytes: mpop.bytes)) == .no)
        let plainMpop = "account work\nhost pop.example.org\ntls on\n"
        #expect(msmtp.detect(InputFile(name: "home/.mpoprc", bytes: plainMpop.bytes)) == .no)
        #expect(msmtp.detect(InputFile(name: "home/.config/mpop/config", bytes: plainMpop.bytes)) == .no)
        // The same lines in an msmtp file are msmtp.
        #expect(msmtp.detect(InputFile(name: "home/.msmtprc", bytes: plainMpop.bytes)) == .content)
    }

    @Test func msmtpAccountWithoutHostIsReportedNotConverted() throws {
        let outcome = try run("msmtp", "defaults\nport 587\ntls on\n\naccount relay\nfrom me@example.org\n\naccount ok\nhost smtp.example.org\n")
        #expect(outcome.conversions.map(\.entry.account) == ["ok"])
        #expect(outcome.warnings == ["SMTP entry 'relay' has no host: left as is"])
    }

    @Test func userProfilePatternsOutsideTheFastPathStillWork() throws {
        // A look-ahead is not in the byte subset: the pattern runs on Swift's Regex instead.
        let slow = try #require(LinePattern("(?<key>[a-z]+)(?=\\s)[ \\t]+(?<value>.*)"))
        #expect(!slow.isFast)
        let fast = try #require(LinePattern("[ \\t]*(?<key>[^ \\t]+)(?:[ \\t]+(?<value>.*?))?[ \\t]*"))
        #expect(fast.isFast)
        for pattern in [slow, fast] {
            var scratch = MatchScratch()
            let line = Array("port 587".utf8)
            let matched = try line.withUnsafeBufferPointer { try pattern.wholeMatch($0, &scratch) }
            #expect(matched)
            let value = try #require(pattern.slot("value"))
            #expect(Array(line[scratch.captures[2 * value]..<scratch.captures[2 * value + 1]]) == Array("587".utf8))
        }
    }
}
