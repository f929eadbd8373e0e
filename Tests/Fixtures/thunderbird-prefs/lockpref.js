// Mozilla User Preferences

pref("mail.smtpserver.smtp1.port", 25);
lockPref("mail.smtpserver.smtp1.port", 587);
user_pref("mail.smtpserver.smtp1.hostname", "smtp.example.com");
user_pref("mail.smtpserver.smtp1.port", 2525);
user_pref("mail.smtpserver.smtp1.try_ssl", 2);
user_pref("mail.smtpservers", "smtp1");
