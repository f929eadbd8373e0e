<?php
$config['smtp_host'] = 'starttls://smtp.example.com:587';
