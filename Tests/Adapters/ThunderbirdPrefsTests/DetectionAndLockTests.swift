import Foundation
import MailTLSCore
import Testing
import ThunderbirdPrefs

@Suite struct DetectionTests {
    let adapter = ThunderbirdPrefsAdapter()

    func detect(_ text: String, name: String = "settings.txt") -> Detection {
        adapter.detect(InputFile(name: name, bytes: Array(text.utf8)))
    }

    @Test func contentMarksPrefs() {
        #expect(detect("user_pref(\"a\", 1);") == .content)
        #expect(detect("  lockPref (\"a\", 1);") == .content)
        #expect(detect("pref(\"a\", 1);") == .content)
        #expect(detect("sticky_pref(\"a\", 1);") == .content)
        #expect(detect("# Mozilla User Preferences\n") == .content)
        #expect(detect("// Mozilla User Preferences\n\n") == .content)
    }

    @Test func nameOnlyForPrefsFileNamesWithoutStatements() {
        #expect(detect("// nothing yet\n", name: "/home/u/.thunderbird/x.default/prefs.js") == .nameOnly)
        #expect(detect("", name: "USER.JS") == .nameOnly)
        #expect(detect("// nothing yet\n", name: "other.js") == .no)
    }

    @Test func otherFormatsAreNotClaimed() {
        let others = [
            "[Internet Account List]\nAccounts=Account1\n[Account1]\nSMTPServer=smtp.example.com\n",
            "account work\nhost smtp.example.com\nport 587\n",
            "[sendemail]\n\tsmtpServer = smtp.example.com\n",
            "[Account: 1]\nsmtp_server=smtp.example.com\n",
            "Windows Registry Editor Version 5.00\n\n[HKEY_CURRENT_USER\\Software]\n\"SMTP Port\"=dword:0000024b\n",
            "<?xml version=\"1.0\"?><clientConfig version=\"1.1\"></clientConfig>",
            "function userPref() { mypref(1); preference(2); }",
        ]
        for text in others { #expect(detect(text) == .no, "\(text)") }
    }
}

@Suite struct LockGuardTests {
    let adapter = ThunderbirdPrefsAdapter()

    func withProfile(_ body: (URL) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tbprefs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("user_pref(\"a\", 1);\n".utf8).write(to: folder.appendingPathComponent("prefs.js"))
        try body(folder)
    }

    @Test func closedProfileIsSafe() throws {
        try withProfile { folder in
            #expect(adapter.inPlaceHazard(forFileAt: folder.appendingPathComponent("prefs.js").path) == nil)
        }
    }

    @Test func danglingLockSymlinkCounts() throws {
        try withProfile { folder in
            try FileManager.default.createSymbolicLink(
                atPath: folder.appendingPathComponent("lock").path, withDestinationPath: "127.0.1.1:+4242")
            let message = adapter.inPlaceHazard(forFileAt: folder.appendingPathComponent("prefs.js").path)
            #expect(message?.contains("Thunderbird") == true)
            #expect(message?.contains("lock") == true)
        }
    }

    @Test(arguments: [".parentlock", "parent.lock"])
    func lockFilesCount(_ name: String) throws {
        try withProfile { folder in
            try Data().write(to: folder.appendingPathComponent(name))
            let message = adapter.inPlaceHazard(forFileAt: folder.appendingPathComponent("prefs.js").path)
            #expect(message?.contains(name) == true)
        }
    }

    @Test func userJSIsSafeEvenWhileRunning() throws {
        try withProfile { folder in
            try Data().write(to: folder.appendingPathComponent(".parentlock"))
            #expect(adapter.inPlaceHazard(forFileAt: folder.appendingPathComponent("user.js").path) == nil)
        }
    }
}
