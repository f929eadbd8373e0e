<?php
$config['default_host'] = 'tls://imap.example.com';
$config["smtp_server"] = "ssl://smtp.example.com";
$config['smtp_port'] = 465;
$config['smtp_user'] = '%u';
$config['smtp_pass'] = '%p';
