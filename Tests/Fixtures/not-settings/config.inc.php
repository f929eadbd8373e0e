<?php
/**
 * phpMyAdmin configuration: a PHP settings file without any SMTP server.
 */
declare(strict_types=1);

$cfg['blowfish_secret'] = '';
$i = 0;
$i++;
$cfg['Servers'][$i]['auth_type'] = 'cookie';
$cfg['Servers'][$i]['host'] = 'localhost';
$cfg['Servers'][$i]['compress'] = false;
$cfg['UploadDir'] = '';
$cfg['SaveDir'] = '';
