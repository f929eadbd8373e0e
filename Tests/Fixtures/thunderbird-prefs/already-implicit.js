// Mozilla User Preferences

user_pref("mail.smtpserver.default.try_ssl", 3);
user_pref("mail.smtpserver.smtp1.hostname", "smtp.example.com");
user_pref("mail.smtpserver.smtp1.port", 465);
user_pref("mail.smtpserver.smtp1.try_ssl", 3);
user_pref("mail.smtpserver.smtp2.hostname", "smtp.example.org");
user_pref("mail.smtpserver.smtp3.hostname", "smtp.example.net");
user_pref("mail.smtpserver.smtp3.try_ssl", 3);
user_pref("mail.smtpserver.smtp4.hostname", "exchange.example.com");
user_pref("mail.smtpserver.smtp4.port", 587);
user_pref("mail.smtpserver.smtp4.try_ssl", 2);
user_pref("mail.smtpserver.smtp4.type", "ews");
user_pref("mail.smtpservers", "smtp1,smtp2,smtp3,smtp4");
