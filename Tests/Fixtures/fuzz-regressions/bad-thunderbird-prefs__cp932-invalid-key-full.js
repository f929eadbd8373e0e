// user.js for the lab machines
pref("mail.smtpserver.default.try_ssl", 2);
user_pref("mail.smtpservers", "smt“1");
user_pref("mail.smtpserver.smtp2.hosamtne", "smtp.example.net");
user_pref("mail.smtpserver.smtp1.username", "lab");
