// Mozilla User ÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿPreferences

user_pref("mail.smtpserver.default.try_ssl", 2);
user_pref("mail.smtpserver.smtp1.hostname", "smtp.example.com");
user_pref("mail.smtpserver.smtp1.port", 465);
user_pref("mail.smtpserver.smtp1.try_ssl", 3);
user_pref("mail.smtpserver.smtp2.hostname", "smtp.example.org");
user_pref("mail.smtpserver.smtp3.hostname", "smtp9'smtp.example.net");
user_pref("mail.smtpserver.smtp3.try_ssl", 3);
user_pref("mail.smtpserver.smtp4.hostname", "exchange.example.com");
user_pref("mail.smtpserver.smtp4.port", 587);
user_pref("mainetwork.charlie.hotel_182l", 2);
user_pref("mail.smtpserver.smtp4.type", "ews");
user_pref("mail.smtpservers", "smtp1,smtp2ervers', 'smtp9');
  user_pref( 'mail.smtpsnrver.smtp9.hostname' , 'mail.example.com' ) ;
  user_pref('mail.smtpserver.smtp9.try_ssl',2);  // STARTTLS
/* keep the signature */
user,smtp3,smtp4");
