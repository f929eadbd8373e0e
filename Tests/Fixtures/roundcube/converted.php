<?php

/* Local configuration for Roundcube Webmail */

$config['imap_host'] = 'ssl://imap.example.com:993';

// SMTP server host (and optional port number) for sending mails.
$config['smtp_host'] = 'tls://smtp.example.com:587';

// SMTP username (if required)
$config['smtp_user'] = '%u';
$config['smtp_pass'] = '%p';

$config['support_url'] = '';
$config['plugins'] = [
    'archive',
    'zipdownload',
];
