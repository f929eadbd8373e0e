<?php
$config['smtp_host'] = "tls://%h";
