<?php
$rcmail_config['smtp_server'] = 'ssl://smtp.example.com';
$rcmail_config['smtp_port'] = 465;
