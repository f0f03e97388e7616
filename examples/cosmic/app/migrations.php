<?php
// Every migration cosmic ever had, each with its up and its down, on Laravel's schema builder.
use Illuminate\Database\Capsule\Manager as Capsule;
use Illuminate\Database\Schema\Blueprint;

$schema = Capsule::schema();
return [
    '2024_01_01_000000_create_posts' => [
        'up' => fn () => $schema->create('posts', function (Blueprint $table) {
            $table->id();
            $table->string('title');
            $table->text('body');
            $table->timestamp('created_at')->useCurrent();
        }),
        'down' => fn () => $schema->drop('posts'),
    ],
    '2024_01_01_000001_create_jobs' => [
        'up' => fn () => $schema->create('jobs', function (Blueprint $table) {
            $table->id();
            $table->string('payload');
            $table->string('done_by')->nullable();
        }),
        'down' => fn () => $schema->drop('jobs'),
    ],
    '2024_01_01_000002_create_cache' => [
        'up' => fn () => $schema->create('cache', function (Blueprint $table) {
            $table->string('key')->primary();
            $table->mediumText('value');
        }),
        'down' => fn () => $schema->drop('cache'),
    ],
    '2024_01_01_000003_create_legacy_imports' => [
        'up' => function () use ($schema) {
            $schema->create('legacy_imports', function (Blueprint $table) {
                $table->id();
                $table->string('source');
            });
            $rows = [];
            for ($i = 1; $i <= 500; $i++) {
                $rows[] = ['source' => "feed-$i"];
            }
            Capsule::table('legacy_imports')->insert($rows);
        },
        'down' => fn () => $schema->drop('legacy_imports'),
    ],
    '2024_02_01_000000_add_summary_to_posts' => [
        'up' => fn () => $schema->table('posts', function (Blueprint $table) {
            $table->string('summary')->nullable();
            $table->index('created_at');
        }),
        'down' => fn () => $schema->table('posts', function (Blueprint $table) {
            $table->dropIndex(['created_at']);
            $table->dropColumn('summary');
        }),
    ],
    '2024_03_01_000000_add_flags_to_posts' => [
        'up' => fn () => $schema->table('posts', fn (Blueprint $table) => $table->integer('flags')->default(0)),
        'down' => fn () => $schema->table('posts', fn (Blueprint $table) => $table->dropColumn('flags')),
    ],
    '2024_03_02_000000_drop_legacy_imports' => [
        'up' => fn () => $schema->drop('legacy_imports'),
        'down' => function () {
            throw new RuntimeException('legacy_imports was dropped with its rows: only a backup brings them back');
        },
    ],
];
