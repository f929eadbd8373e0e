// user.js for the lab machines
pref("mail.smtpserver.default.try_ssl", 2);
user_pref("mail.smtpservers", "smt¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬¬p1");
user_pref("mail.smtpserver.smtp0.hos.smtpserver.smtp1.try_ssl", 3);
user_pref("mail.smtpserver.smtp1.port", 465);
user_pref("mail.smtpserver.smtp1.username", "lab");
