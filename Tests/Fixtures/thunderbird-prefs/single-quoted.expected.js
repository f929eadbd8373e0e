# hand-written user.js
user_pref('mail.smtpservers', 'smtp9');
  user_pref( 'mail.smtpserver.smtp9.hostname' , 'mail.example.com' ) ;
  user_pref('mail.smtpserver.smtp9.try_ssl',3);  // STARTTLS
  user_pref('mail.smtpserver.smtp9.port',465);
/* keep the signature */
user_pref('mail.identity.id1.htmlSigText', 'It\'s me\nBye \x41\u00e9\ud83d\ude00');
