user_pref("mail.smtpservers", "smtp1");
user_pref("mail.smtpserver.smtp1.hostname", "smtp.example.com");
user_pref("mail.smtpserver.smtp1.try_ssl", 2); /* switched to STARTTLS
   by the helpdesk, ticket 4711 */
user_pref("mail.smtpserver.smtp1.username", "helpdesk");
