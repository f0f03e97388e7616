<?php
// Laravel's database layer (Debian's php-illuminate-database) on the connection Laravel's DB_* settings name.
require_once '/usr/share/php/Illuminate/Database/autoload.php';

use Illuminate\Database\Capsule\Manager as Capsule;

$capsule = new Capsule();
$capsule->addConnection([
    'driver' => 'mysql',
    'host' => getenv('DB_HOST') ?: 'db',
    'port' => getenv('DB_PORT') ?: '3306',
    'database' => getenv('DB_DATABASE') ?: 'cosmic',
    'username' => getenv('DB_USERNAME') ?: 'cosmic',
    'password' => getenv('DB_PASSWORD') ?: '',
    'charset' => 'utf8mb4',
    'collation' => 'utf8mb4_unicode_ci',
]);
$capsule->setAsGlobal();

/** The connections, for Laravel's classes that take a resolver (the migration repository). */
function connections(): Illuminate\Database\DatabaseManager
{
    return $GLOBALS['capsule']->getDatabaseManager();
}

function version(): string
{
    return getenv('APP_VERSION') ?: '1.0';
}

/** The migrations this release's schema is made of, in order, and what the release needs of the schema. */
function release(string $version): array
{
    $releases = require __DIR__ . '/releases.php';
    if (!isset($releases[$version])) {
        throw new InvalidArgumentException("no release $version: one of " . implode(', ', array_keys($releases)));
    }
    return $releases[$version];
}
