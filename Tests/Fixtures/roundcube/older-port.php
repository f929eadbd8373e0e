<?php
$rcmail_config['smtp_server'] = 'tls://smtp.example.com';
$rcmail_config['smtp_port'] = 587;
