<?php
$config['smtp_host'] = "ssl://%h";
