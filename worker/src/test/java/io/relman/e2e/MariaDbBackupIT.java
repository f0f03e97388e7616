package io.relman.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relman.access.AllowedPaths;
import io.relman.database.BackupActivities;
import io.relman.database.BackupActivitiesImpl;
import io.relman.database.BackupFile;
import io.relman.database.BackupIds;
import io.relman.database.DrillOutcome;
import io.relman.database.DrillRequest;
import io.relman.database.DumpRequest;
import io.relman.database.PutBackRequest;
import io.relman.database.RestoreAccessActivitiesImpl;
import io.relman.database.RestoreDatabases;
import io.relman.database.RestoreRequest;
import io.relman.database.RestoredBackup;
import io.relman.plan.Database;
import io.relman.plan.Host;
import io.relman.secrets.SecretResolver;
import io.relman.temporal.RelmanTemporal;
import io.temporal.failure.ActivityFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * relman's backup, restore, drill and put-back of a MariaDB 10.11 it did not make, through the real Docker engine,
 * the activities run as the worker runs them. What is checked is the database, measured before and after: its rows,
 * its trigger, view and routine.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the grants are given by the first test
class MariaDbBackupIT {
    private static final int POSTS = 200_000;
    /** A PHP app's schema: a trigger keeps a count, a view and a routine read it; titles hold ' ( ) , ; and \. */
    private static final String SEED = """
            SET SESSION max_recursive_iterations = 1000000;
            CREATE TABLE posts (id INT AUTO_INCREMENT PRIMARY KEY, title VARCHAR(200) NOT NULL, body TEXT,
              comment_count INT NOT NULL DEFAULT 0, KEY posts_title (title)) ENGINE=InnoDB;
            CREATE TABLE comments (id INT AUTO_INCREMENT PRIMARY KEY, post_id INT NOT NULL, text VARCHAR(500),
              FOREIGN KEY (post_id) REFERENCES posts (id)) ENGINE=InnoDB;
            CREATE TABLE events (id BIGINT AUTO_INCREMENT PRIMARY KEY, what VARCHAR(100)) ENGINE=InnoDB;
            CREATE TABLE empty_jobs (id INT PRIMARY KEY) ENGINE=InnoDB;
            CREATE TRIGGER comments_count AFTER INSERT ON comments FOR EACH ROW
              UPDATE posts SET comment_count = comment_count + 1 WHERE id = NEW.post_id;
            CREATE VIEW busy_posts AS SELECT id, title FROM posts WHERE comment_count > 0;
            CREATE PROCEDURE post_count(OUT n INT) SELECT COUNT(*) INTO n FROM posts;
            INSERT INTO posts (title, body)
              WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < %d)
              SELECT CONCAT('post ', n, ' it''s (a),(b); \\\\ done'), REPEAT('x', 200) FROM seq;
            INSERT INTO comments (post_id, text)
              WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 1000)
              SELECT n, 'first!' FROM seq;
            """.formatted(POSTS);

    private static Path backupDir;

    private TestActivityEnvironment activities;
    private BackupActivities backups;
    private Database database;

    @BeforeAll
    static void startTheDatabase() throws IOException {
        MariaDbStack.up(SEED);
        // What docs/mariadb.md asks of the app's user for restores (the access test checks another user).
        MariaDbStack.asRoot("GRANT ALL ON `relman\\_%`.* TO 'forge'@'%'; GRANT ALL ON `forge\\_%`.* TO 'forge'@'%';");
        backupDir = Files.createTempDirectory("relman-mariadb-backups");
    }

    @AfterAll
    static void stopTheDatabase() {
        MariaDbStack.down();
    }

    @BeforeEach
    void activities() {
        activities = TestActivityEnvironment.newInstance();
        SecretResolver secrets = new SecretResolver(
                Map.of(MariaDbStack.PASSWORD_ENV, MariaDbStack.PASSWORD)::get, List.of(MariaDbStack.PASSWORD_ENV));
        activities.registerActivitiesImplementations(
                new BackupActivitiesImpl(
                        MariaDbStack.ENGINES,
                        null,
                        secrets,
                        AllowedPaths.of(List.of(backupDir.toString())),
                        "relman-machine-mariadb"),
                new RestoreAccessActivitiesImpl(MariaDbStack.ENGINES, secrets));
        backups = activities.newActivityStub(
                BackupActivities.class,
                io.temporal.activity.ActivityOptions.newBuilder(io.relman.temporal.RelmanActivityOptions.backup())
                        .setRetryOptions(io.temporal.common.RetryOptions.newBuilder()
                                .setMaximumAttempts(1)
                                .build())
                        .build());
        database = MariaDbStack.database(backupDir.toString());
    }

    @AfterEach
    void close() {
        activities.close();
    }

    @Test
    @Order(2)
    void aDumpTakenWhileTheAppWritesRestoresExactlyItsSnapshotAndPutsBackWhatItReplaced() throws Exception {
        String eventsBefore = MariaDbStack.sql("SELECT COUNT(*) FROM events");
        AtomicBoolean writing = new AtomicBoolean(true);
        CompletableFuture<Integer> writes = CompletableFuture.supplyAsync(() -> {
            int n = 0;
            while (writing.get()) {
                MariaDbStack.sql("INSERT INTO events (what) VALUES ('written during the dump " + n++ + "')");
            }
            return n;
        });
        BackupFile backup;
        try {
            backup = backups.dump(new DumpRequest(Host.LOCAL, database, id("round-trip"), null));
        } finally {
            writing.set(false);
        }
        int writtenDuringTheDump = writes.get(1, TimeUnit.MINUTES);
        // Comments did not change since the dump: the posts with comments now are the dump's.
        long busyInTheDump = Long.parseLong(MariaDbStack.sql("SELECT COUNT(*) FROM busy_posts"));
        long eventsInTheDump = backup.fingerprint().rowCounts().get("events");
        String postsBefore = MariaDbStack.checksum("posts");
        MariaDbStack.sql("INSERT INTO comments (post_id, text) VALUES (5000, 'after the backup')");
        assertThat(MariaDbStack.checksum("posts")).as("the trigger counted it").isNotEqualTo(postsBefore);

        RestoredBackup restored = backups.restore(new RestoreRequest(
                Host.LOCAL,
                database,
                backup,
                RestoreDatabases.scratch(MariaDbStack.NAME),
                RestoreDatabases.aside(MariaDbStack.NAME, Instant.now())));

        System.out.printf(
                "E2E mariadb round trip: dumped %d bytes (gzip) in %d ms while %d events were written; restored,"
                        + " verified and swapped in %d ms; the replaced tables are kept in %s%n",
                backup.sizeBytes(),
                backup.elapsedMillis(),
                writtenDuringTheDump,
                restored.elapsedMillis(),
                restored.asideDatabase());
        assertThat(writtenDuringTheDump).as("events written while the dump ran").isPositive();
        assertThat(eventsInTheDump)
                .as("events in the dump: its snapshot, not what came after")
                .isLessThan((long) writtenDuringTheDump + Long.parseLong(eventsBefore));
        assertThat(backup.fingerprint().rowCounts())
                .containsEntry("posts", (long) POSTS)
                .containsEntry("comments", 1000L)
                .containsEntry("empty_jobs", 0L);
        assertThat(MariaDbStack.sql("SELECT COUNT(*) FROM events")).isEqualTo(Long.toString(eventsInTheDump));
        assertThat(MariaDbStack.checksum("posts")).as("posts as dumped").isEqualTo(postsBefore);
        assertThat(MariaDbStack.sql("SELECT COUNT(*) FROM comments WHERE text = 'after the backup'"))
                .isEqualTo("0");
        // The schema's code came back with it, and works on the live tables.
        MariaDbStack.sql("INSERT INTO comments (post_id, text) VALUES (7000, 'after the restore')");
        assertThat(MariaDbStack.sql("SELECT comment_count FROM posts WHERE id = 7000"))
                .isEqualTo("1");
        assertThat(MariaDbStack.sql("SELECT COUNT(*) FROM busy_posts")).isEqualTo(Long.toString(busyInTheDump + 1));
        assertThat(MariaDbStack.sql("CALL post_count(@n); SELECT @n")).isEqualTo(Integer.toString(POSTS));
        assertThat(MariaDbStack.asRoot("SHOW DATABASES"))
                .contains(restored.asideDatabase())
                .doesNotContain(RestoreDatabases.scratch(MariaDbStack.NAME));

        String restoredAside = RestoreDatabases.restoredAside(MariaDbStack.NAME, Instant.now());
        PutBackRequest putBack = new PutBackRequest(Host.LOCAL, database, restored.asideDatabase(), restoredAside);
        assertThat(backups.putBack(putBack)).startsWith("forge is the database from before the restore again");
        assertThat(MariaDbStack.sql("SELECT COUNT(*) FROM comments WHERE text = 'after the backup'"))
                .isEqualTo("1");
        assertThat(MariaDbStack.sql("SELECT COUNT(*) FROM events"))
                .isEqualTo(Long.toString(Long.parseLong(eventsBefore) + writtenDuringTheDump));
        assertThat(MariaDbStack.asRoot("SELECT COUNT(*) FROM " + restoredAside + ".events"))
                .isEqualTo(Long.toString(eventsInTheDump));
        assertThat(backups.putBack(putBack)).startsWith("forge was already put back");
    }

    @Test
    @Order(3)
    void aDrillRestoresBesideTheLiveSchemaChecksItAndDropsIt() {
        BackupFile backup = backups.dump(new DumpRequest(Host.LOCAL, database, id("drill"), null));
        String postsBefore = MariaDbStack.checksum("posts");

        DrillOutcome drill = backups.drill(new DrillRequest(
                Host.LOCAL,
                database,
                backup,
                RestoreDatabases.drill(MariaDbStack.NAME),
                "SELECT COUNT(*) FROM busy_posts"));

        System.out.printf(
                "E2E mariadb drill: %s in %d ms; check printed %s%n",
                drill.problems(), drill.elapsedMillis(), drill.checkOutput());
        assertThat(drill.problems()).isEmpty();
        assertThat(drill.checkOutput()).isEqualTo(MariaDbStack.sql("SELECT COUNT(*) FROM busy_posts"));
        assertThat(MariaDbStack.asRoot("SHOW DATABASES")).doesNotContain(RestoreDatabases.drill(MariaDbStack.NAME));
        assertThat(MariaDbStack.checksum("posts"))
                .as("the live table, untouched")
                .isEqualTo(postsBefore);
    }

    @Test
    @Order(1)
    void anAppUserWithoutTheRestoresGrantsIsToldThemAndOneWithThemIsLetThrough() {
        var access = activities.newActivityStub(
                io.relman.database.RestoreAccessActivities.class,
                io.temporal.activity.ActivityOptions.newBuilder(io.relman.temporal.RelmanActivityOptions.quick())
                        .setRetryOptions(io.temporal.common.RetryOptions.newBuilder()
                                .setMaximumAttempts(1)
                                .build())
                        .build());
        // A second app user, granted its schema only, as a guide makes one; the worker knows the same password.
        MariaDbStack.asRoot("CREATE USER 'forge_api'@'%' IDENTIFIED BY '" + MariaDbStack.PASSWORD + "';"
                + " GRANT ALL ON forge.* TO 'forge_api'@'%';");
        Database api = new Database(
                MariaDbStack.CONTAINER,
                3306,
                MariaDbStack.NAME,
                "forge_api",
                MariaDbStack.PASSWORD_ENV,
                backupDir.toString(),
                null,
                null,
                null,
                null,
                null,
                io.relman.plan.DatabaseEngine.MARIADB,
                null);
        try {
            assertThatThrownBy(() -> access.check(Host.LOCAL, api))
                    .isInstanceOf(ActivityFailure.class)
                    .hasStackTraceContaining("as root, run: GRANT ALL ON `relman\\_%`.* TO 'forge_api'@'%';"
                            + " GRANT ALL ON `forge\\_%`.* TO 'forge_api'@'%'; Nothing was changed.");

            MariaDbStack.asRoot("GRANT ALL ON `relman\\_%`.* TO 'forge_api'@'%';"
                    + " GRANT ALL ON `forge\\_%`.* TO 'forge_api'@'%';");
            assertThat(access.check(Host.LOCAL, api)).contains("may create, fill, rename into and drop");
        } finally {
            MariaDbStack.asRoot("DROP USER 'forge_api'@'%';");
        }
    }

    /**
     * The README's commands on a plan whose database is engine: mariadb: {@code relman backup now}, {@code backup
     * drill} and {@code restore}, run by a pool of workers as the workflows run them, the worker of
     * BackupDump and of BackupRestore killed as the activity starts and again half-way through its retry: the chaos
     * matrix's cells for MariaDB.
     */
    @Test
    @Order(4)
    void theCliBacksUpDrillsAndRestoresItThroughTheWorkflowsWhileTheirWorkersAreKilled() throws Exception {
        E2eRuntime runtime = new E2eRuntime();
        Path plan = Files.writeString(E2eRuntime.TARGET.resolve("forge-ci.yml"), """
                project: forge
                environments:
                  ci:
                    network: %s
                    database:
                      engine: mariadb
                      container: %s
                      name: forge
                      user: forge
                      password_env: %s
                      backup_dir: %s
                      backup:
                        drill_check: "SELECT COUNT(*) FROM busy_posts"
                services:
                  web:
                    image: relman/shop-app
                """.formatted(
                        MariaDbStack.NETWORK,
                        MariaDbStack.CONTAINER,
                        MariaDbStack.PASSWORD_ENV,
                        E2eRuntime.HOME.resolve(".relman/backups/forge-ci")));
        Map<String, String> settings = Map.of(
                MariaDbStack.PASSWORD_ENV,
                MariaDbStack.PASSWORD,
                "RELMAN_SECRETS_ALLOWED",
                E2eRuntime.workerSettings().get("RELMAN_SECRETS_ALLOWED") + "," + MariaDbStack.PASSWORD_ENV);
        // A pool of three: one to kill, one to take over, one spare while a replacement starts.
        List<WorkerProcess> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.ExecutorService starting = java.util.concurrent.Executors.newFixedThreadPool(3);
        java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
        Runnable another = () -> workers.add(runtime.startWorker("mariadb-" + started.incrementAndGet(), settings));
        List<java.util.concurrent.Future<?>> replacements = new java.util.concurrent.CopyOnWriteArrayList<>();
        Runnable replace = () -> replacements.add(starting.submit(another));
        try {
            List<java.util.concurrent.Future<?>> pool = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                pool.add(starting.submit(another));
            }
            for (java.util.concurrent.Future<?> worker : pool) {
                worker.get(5, TimeUnit.MINUTES);
            }
            String busyAtTheBackup = MariaDbStack.sql("SELECT COUNT(*) FROM busy_posts");
            String postsAtTheBackup = MariaDbStack.checksum("posts");
            List<ActivityKills.Kill> kills = new ArrayList<>();
            Instant backupStarted = Instant.now();
            CompletableFuture<Integer> backup =
                    CompletableFuture.supplyAsync(() -> runtime.relmanWithPlan(plan, "backup", "now", "--env", "ci"));
            kills.addAll(ActivityKills.atStartAndHalfWay(
                    runtime,
                    RelmanTemporal.backupWorkflowId("forge", "ci"),
                    backupStarted,
                    "BackupDump",
                    500,
                    backup,
                    replace));
            assertThat(backup.get(5, TimeUnit.MINUTES)).as("backup now").isZero();
            String id = newestBackup(E2eRuntime.HOME.resolve(".relman/backups/forge-ci"));
            MariaDbStack.sql("INSERT INTO comments (post_id, text) VALUES (9000, 'after the cli backup')");
            String postsBefore = MariaDbStack.sql("SELECT comment_count FROM posts WHERE id = 9000");

            StringBuilder drilled = new StringBuilder();
            int drill = E2eRuntime.capturingOutput(
                    drilled, () -> runtime.relmanWithPlan(plan, "backup", "drill", "--env", "ci"));
            Instant restoreStarted = Instant.now();
            CompletableFuture<Integer> restore = CompletableFuture.supplyAsync(
                    () -> runtime.relmanWithPlan(plan, "restore", "--env", "ci", "--backup", id, "--yes"));
            kills.addAll(ActivityKills.atStartAndHalfWay(
                    runtime,
                    RelmanTemporal.releaseWorkflowId("forge", "ci"),
                    restoreStarted,
                    "BackupRestore",
                    1000,
                    restore,
                    replace));
            int restored = restore.get(5, TimeUnit.MINUTES);
            int verify = runtime.relmanWithPlan(plan, "backup", "verify", "--env", "ci");

            kills.forEach(kill -> System.out.println("E2E mariadb chaos: " + kill.cell() + ": " + kill.why()));
            for (java.util.concurrent.Future<?> replacement : replacements) {
                replacement.get(5, TimeUnit.MINUTES); // a replacement that failed to start fails the test
            }
            System.out.printf(
                    "E2E mariadb cli: backup now %s under 2 kills, drill %d, restore %d under 2 kills, verify %d%n",
                    id, drill, restored, verify);
            // The heartbeat timeout (6 s) notices a dead worker, not the 2 h a backup step may take: a loaded
            // 2-core CI measured one kill at 12.9 s, so the bound is 15 s.
            assertThat(kills)
                    .as("each kill moved on on another worker within 15 s (the heartbeat timeout is 6 s)")
                    .allSatisfy(kill ->
                            assertThat(kill.movedAfterMillis()).as(kill.cell()).isBetween(0L, 15_000L));
            assertThat(drill).as("backup drill: %s", drilled).isZero();
            assertThat(drilled.toString()).contains("drill_check: " + busyAtTheBackup);
            assertThat(restored).as("restore").isZero();
            assertThat(verify).as("every backup verifies").isZero();
            assertThat(postsBefore).isEqualTo("1");
            assertThat(MariaDbStack.sql("SELECT COUNT(*) FROM comments WHERE text = 'after the cli backup'"))
                    .isEqualTo("0");
            assertThat(MariaDbStack.checksum("posts")).as("posts as backed up").isEqualTo(postsAtTheBackup);
            MariaDbStack.sql("INSERT INTO comments (post_id, text) VALUES (9000, 'after the cli restore')");
            assertThat(MariaDbStack.sql("SELECT comment_count FROM posts WHERE id = 9000"))
                    .as("the trigger, restored")
                    .isEqualTo("1");
        } finally {
            starting.shutdown();
            starting.awaitTermination(5, TimeUnit.MINUTES);
            for (WorkerProcess worker : workers) {
                worker.kill();
            }
        }
    }

    /** The id of the newest backup in {@code directory} (ids sort by their time). */
    private static String newestBackup(Path directory) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".json"))
                    .map(name -> name.substring(0, name.length() - ".json".length()))
                    .max(String::compareTo)
                    .orElseThrow();
        }
    }

    /** The mariadb client that loads the scratch schema killed half-way: the live schema is as it was, no scratch left. */
    @Test
    @Order(5)
    void aClientKilledHalfWayThroughTheRestoreLeavesTheLiveSchemaAsItWas() throws Exception {
        BackupFile backup = backups.dump(new DumpRequest(Host.LOCAL, database, id("kill-restore"), null));
        MariaDbStack.sql("INSERT INTO comments (post_id, text) VALUES (11, 'after the backup to kill')");
        String postsBefore = MariaDbStack.checksum("posts");
        String commentsBefore = MariaDbStack.checksum("comments");
        String scratch = RestoreDatabases.scratch(MariaDbStack.NAME);

        CompletableFuture<RestoredBackup> restore =
                CompletableFuture.supplyAsync(() -> backups.restore(new RestoreRequest(
                        Host.LOCAL,
                        database,
                        backup,
                        scratch,
                        RestoreDatabases.aside(MariaDbStack.NAME, Instant.now()))));
        Wait.until(
                "the client to be loading posts into " + scratch,
                java.time.Duration.ofMinutes(2),
                // The process list, not the table: the load holds posts under LOCK TABLES until it is done with it.
                () -> !MariaDbStack.asRoot("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = '" + scratch
                                + "' AND INFO LIKE 'INSERT INTO `posts`%'")
                        .equals("0"));
        String killed =
                E2eRuntime.output("pkill", "--signal", "KILL", "--echo", "--full", "^mariadb .*--database=" + scratch);

        assertThatThrownBy(() -> restore.get(2, TimeUnit.MINUTES))
                .hasRootCauseInstanceOf(io.temporal.failure.ApplicationFailure.class)
                .rootCause()
                .hasMessageContaining("loading the dump into " + scratch);
        System.out.println("E2E mariadb restore killed half-way: " + killed.strip() + "; live schema unchanged");
        assertThat(MariaDbStack.checksum("posts")).isEqualTo(postsBefore);
        assertThat(MariaDbStack.checksum("comments")).isEqualTo(commentsBefore);
        assertThat(MariaDbStack.asRoot("SHOW DATABASES")).doesNotContain(scratch);
    }

    private static String id(String what) {
        return BackupIds.prefix("forge", "ci")
                + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                        .withZone(java.time.ZoneOffset.UTC)
                        .format(Instant.now())
                + "-" + what;
    }
}
