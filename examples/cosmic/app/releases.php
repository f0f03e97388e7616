<?php
// cosmic's releases: the migrations each one's schema is made of, in order, and the columns its web replicas
// read from the schema cache. 1.2-broken never answers /health; nor does 1.2-lossy, which also drops a table its
// down cannot bring back (its undo needs the release's backup).
$base = ['2024_01_01_000000_create_posts', '2024_01_01_000001_create_jobs', '2024_01_01_000002_create_cache',
    '2024_01_01_000003_create_legacy_imports'];
$summary = array_merge($base, ['2024_02_01_000000_add_summary_to_posts']);
return [
    '1.0' => ['migrations' => $base, 'posts_columns' => ['id', 'title', 'body', 'created_at']],
    '1.1' => ['migrations' => $summary, 'posts_columns' => ['id', 'title', 'body', 'summary', 'created_at']],
    '1.2-broken' => ['migrations' => array_merge($summary, ['2024_03_01_000000_add_flags_to_posts']),
        'posts_columns' => ['id', 'title', 'body', 'summary', 'created_at'], 'broken' => true],
    '1.2-lossy' => ['migrations' => array_merge($summary, ['2024_03_02_000000_drop_legacy_imports']),
        'posts_columns' => ['id', 'title', 'body', 'summary', 'created_at'], 'broken' => true],
];
