<?php
$config['smtp_host'] = 'localhost:25';
