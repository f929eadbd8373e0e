<?php
$config['smtp_host'] = 'ssl://smtp.example.com';
