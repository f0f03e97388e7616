<?php
// cosmic's web app: / (its version), /posts (GET: how many; POST: a new post and a job for the queue workers)
// and /health, which checks the schema cache holds every column of posts this release reads.
require __DIR__ . '/../bootstrap.php';

use Illuminate\Database\Capsule\Manager as Capsule;

/** A value of Laravel's database cache (the `cache` table), computed and kept when missing. */
function remember(string $key, callable $compute)
{
    $cached = Capsule::table('cache')->where('key', $key)->value('value');
    if ($cached !== null) {
        return json_decode($cached, true);
    }
    $value = $compute();
    Capsule::table('cache')->insertOrIgnore(['key' => $key, 'value' => json_encode($value)]);
    return $value;
}

function answer(int $status, array $body): void
{
    http_response_code($status);
    header('Content-Type: application/json');
    echo json_encode($body) . "\n";
}

$release = release(version());
try {
    switch (parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH)) {
        case '/health':
            if ($release['broken'] ?? false) {
                answer(500, ['error' => 'cosmic ' . version() . ' never becomes healthy']);
                break;
            }
            $columns = remember('schema:posts', fn () => Capsule::schema()->getColumnListing('posts'));
            $missing = array_values(array_diff($release['posts_columns'], $columns));
            if ($missing !== []) {
                answer(503, ['error' => 'the schema cache lacks posts.' . implode(', posts.', $missing)
                    . ': run php artisan cache:clear after the migration']);
                break;
            }
            answer(200, ['status' => 'ok', 'version' => version()]);
            break;
        case '/':
            answer(200, ['app' => 'cosmic', 'version' => version()]);
            break;
        case '/posts':
            if ($_SERVER['REQUEST_METHOD'] === 'POST') {
                $post = ['title' => $_POST['title'] ?? 'untitled', 'body' => $_POST['body'] ?? ''];
                if (in_array('summary', $release['posts_columns'], true)) {
                    $post['summary'] = substr($post['body'], 0, 40);
                }
                $id = Capsule::table('posts')->insertGetId($post);
                $job = Capsule::table('jobs')->insertGetId(['payload' => "index post $id"]);
                answer(201, ['id' => $id, 'job' => $job, 'version' => version()]);
            } else {
                answer(200, ['version' => version(), 'posts' => Capsule::table('posts')->count()]);
            }
            break;
        default:
            answer(404, ['error' => 'not found']);
    }
} catch (Throwable $e) {
    answer(500, ['error' => $e->getMessage()]);
}
