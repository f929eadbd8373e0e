<?php

/* Local configuration for Roundcube Webmail */

// IMAP host, implicit TLS already
$config['imap_host'] = 'ssl://imap.example.com:993';

// SMTP server host (for sending mails).
// tls:// means STARTTLS, ssl:// implicit TLS.
$config['smtp_host'] = 'tls://smtp.example.com:587';

// use the login credentials of the current user
$config['smtp_user'] = '%u';
$config['smtp_pass'] = '%p';

$config['support_url'] = '';
$config['des_key'] = 'rcmail-!24ByteDESkey*Str';
$config['plugins'] = [
    'archive',
    'zipdownload',
];
