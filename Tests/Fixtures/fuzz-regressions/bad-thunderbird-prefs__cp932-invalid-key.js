
pref("mail.smtpserver.default.try_ssl",2);pref("mail.smtpservers", "“1");