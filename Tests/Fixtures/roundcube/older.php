<?php
$config['default_host'] = 'tls://imap.example.com';
$config["smtp_server"] = "tls://smtp.example.com";
$config['smtp_user'] = '%u';
$config['smtp_pass'] = '%p';
