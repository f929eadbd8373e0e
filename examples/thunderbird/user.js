// user.js: settings rolled out by the office's IT, read by Thunderbird at every start.
// Values here override prefs.js. Thunderbird never writes this file.

// Outgoing server for the shared mailbox (STARTTLS, no port: 25 by default).
user_pref("mail.smtpserver.smtp3.hostname", "mail.example.net");
user_pref("mail.smtpserver.smtp3.try_ssl", 2);
user_pref("mail.smtpserver.smtp3.authMethod", 3);
user_pref("mail.smtpserver.smtp3.username", "office@example.net");

/* Keep the update nags away on the shared desktops. */
user_pref("app.update.auto", false);
user_pref("mail.shell.checkDefaultClient", false);
