package io.relman.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relman.access.AllowedPaths;
import io.relman.database.BackupActivities;
import io.relman.database.BackupActivitiesImpl;
import io.relman.database.BackupFile;
import io.relman.database.BackupIds;
import io.relman.database.BackupPart;
import io.relman.database.BackupQuery;
import io.relman.database.DumpRequest;
import io.relman.database.PutBackRequest;
import io.relman.database.RestoreDatabases;
import io.relman.database.RestoreRequest;
import io.relman.database.RestoredBackup;
import io.relman.database.StoredBackup;
import io.relman.plan.BackupPolicy;
import io.relman.plan.Database;
import io.relman.plan.Host;
import io.relman.secrets.SecretResolver;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * relman's dump and restore against a PostgreSQL it did not make (examples/ledger, started by
 * docker-compose), through the real Docker engine: the activities run as the worker runs them, in
 * Temporal's activity test environment. What is checked is the database, measured before and after.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class LedgerBackupIT {
    /** About 160 MB of table: a restore takes seconds here, long enough to be killed half-way. */
    private static final int ROWS = 1_200_000;

    private static Path backupDir;

    private TestActivityEnvironment activities;
    private BackupActivities backups;
    private Database database;

    @BeforeAll
    static void startTheLedger() throws IOException {
        LedgerStack.up(ROWS);
        backupDir = Files.createTempDirectory("relman-ledger-backups");
    }

    @AfterAll
    static void stopTheLedger() {
        LedgerStack.down();
    }

    @BeforeEach
    void activities() {
        activities = TestActivityEnvironment.newInstance();
        activities.registerActivitiesImplementations(new BackupActivitiesImpl(
                LedgerStack.ENGINES,
                null, // no copy off the worker here
                new SecretResolver(
                        Map.of(LedgerStack.PASSWORD_ENV, LedgerStack.PASSWORD)::get, List.of(LedgerStack.PASSWORD_ENV)),
                AllowedPaths.of(List.of(backupDir.toString())),
                "relman-machine-ledger"));
        backups = activities.newActivityStub(
                BackupActivities.class,
                io.temporal.activity.ActivityOptions.newBuilder(io.relman.temporal.RelmanActivityOptions.backup())
                        .setRetryOptions(io.temporal.common.RetryOptions.newBuilder()
                                .setMaximumAttempts(1)
                                .build())
                        .build());
        database = ledger(null);
    }

    @AfterEach
    void close() {
        activities.close();
    }

    @Test
    void aDumpTakenWhileTheAppWritesRestoresToExactlyItsSnapshotAndRowsWrittenAfterwardsAreGone() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        CompletableFuture<Integer> writes = CompletableFuture.supplyAsync(() -> {
            int n = 0;
            while (writing.get()) {
                LedgerStack.sql("INSERT INTO audit.events (what) VALUES ('written during the dump " + n++ + "')");
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
        long eventsInTheDump = backup.fingerprint().rowCounts().get("audit.events");
        LedgerStack.sql("INSERT INTO entries (account_id, amount_cents, memo) VALUES (1, 1, 'after the backup')");
        String entriesBefore = tableDigest("entries");

        RestoredBackup restored = backups.restore(restoreOf(backup));

        System.out.printf(
                "E2E ledger round trip: dumped %d bytes in %d ms while %d events were written; restored and"
                        + " swapped in %d ms; the replaced database is kept as %s%n",
                backup.sizeBytes(),
                backup.elapsedMillis(),
                writtenDuringTheDump,
                restored.elapsedMillis(),
                restored.asideDatabase());
        assertThat(writtenDuringTheDump).as("writes happened while it dumped").isPositive();
        assertThat(LedgerStack.sql("SELECT count(*) FROM audit.events")).isEqualTo(Long.toString(eventsInTheDump));
        assertThat(LedgerStack.sql("SELECT count(*) FROM entries WHERE memo = 'after the backup'"))
                .isEqualTo("0");
        assertThat(LedgerStack.sql("SELECT count(*) FROM entries")).isEqualTo(Integer.toString(ROWS));
        assertThat(tableDigest("entries")).isNotEqualTo(entriesBefore);
        assertThat(LedgerStack.sql("SELECT count(*) FROM balances")).isEqualTo("100");
        assertThat(LedgerStack.sql("SELECT datname FROM pg_database WHERE datname LIKE 'relman_restore_%'"))
                .isEmpty();
        assertThat(LedgerStack.sql(
                        "SELECT datallowconn FROM pg_database WHERE datname = '" + restored.asideDatabase() + "'"))
                .as("the replaced database is kept, closed")
                .isEqualTo("f");
        // The undo of a restore: the replaced database is the live one again, with the row written after the
        // backup; a second undo finds it done.
        PutBackRequest putBack =
                new PutBackRequest(Host.LOCAL, database, restored.asideDatabase(), "ledger_restored_by_test");
        assertThat(backups.putBack(putBack)).startsWith("ledger is the database from before the restore again");
        assertThat(LedgerStack.sql("SELECT count(*) FROM entries WHERE memo = 'after the backup'"))
                .isEqualTo("1");
        assertThat(tableDigest("entries")).isEqualTo(entriesBefore);
        assertThat(backups.putBack(putBack)).startsWith("ledger was already put back");
        LedgerStack.sql("SELECT 1"); // the live database takes connections again
        assertThat(Files.getPosixFilePermissions(backupDir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(Path.of(backup.path())))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void theDirectoryFormatDumpsAndRestoresWithTwoJobsAndChecksEveryFile() throws Exception {
        Database byTable = ledger(new BackupPolicy(null, 7, 30, null, null, BackupPolicy.DIRECTORY, 2, null));
        BackupFile backup = backups.dump(new DumpRequest(Host.LOCAL, byTable, id("by-table"), null));
        LedgerStack.sql("INSERT INTO entries (account_id, amount_cents, memo) VALUES (1, 1, 'after the table dump')");

        RestoredBackup restored = backups.restore(new RestoreRequest(
                Host.LOCAL,
                byTable,
                backup,
                RestoreDatabases.scratch("ledger"),
                RestoreDatabases.aside("ledger", Instant.now())));

        System.out.printf(
                "E2E ledger directory format: %d files, %d bytes, dumped in %d ms with 2 jobs; restored and swapped in"
                        + " %d ms%n",
                backup.parts().size(), backup.sizeBytes(), backup.elapsedMillis(), restored.elapsedMillis());
        assertThat(Path.of(backup.path())).isDirectory();
        assertThat(Files.getPosixFilePermissions(Path.of(backup.path())))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(backup.parts()).extracting(BackupPart::name).contains("toc.dat");
        assertThat(LedgerStack.sql("SELECT count(*) FROM entries WHERE memo = 'after the table dump'"))
                .isEqualTo("0");
        assertThat(LedgerStack.sql("SELECT count(*) FROM entries")).isEqualTo(Integer.toString(ROWS));
        assertThat(LedgerStack.EXEC
                        .run(
                                LedgerStack.CONTAINER,
                                List.of("find", "/tmp", "-maxdepth", "1", "-name", "relman-*"),
                                Duration.ofSeconds(30))
                        .stdout())
                .as("no copy left in the database's container")
                .isBlank();

        BackupPart largest = backup.parts().stream()
                .max(java.util.Comparator.comparingLong(BackupPart::sizeBytes))
                .orElseThrow();
        Path changed = Path.of(backup.path()).resolve(largest.name());
        byte[] bytes = Files.readAllBytes(changed);
        bytes[bytes.length / 2] ^= 1;
        Files.write(changed, bytes);
        StoredBackup newest = backups.newest(new BackupQuery(backupDir.toString(), BackupIds.prefix("ledger", "prod")));
        assertThat(newest == null ? "none" : newest.backup().id()).isNotEqualTo(backup.id());
    }

    @Test
    void pgRestoreKilledHalfWayLeavesTheLiveDatabaseExactlyAsItWas() throws Exception {
        BackupFile backup = backups.dump(new DumpRequest(Host.LOCAL, database, id("kill-restore"), null));
        LedgerStack.sql("INSERT INTO audit.events (what) VALUES ('after the backup')");
        String before = liveDigest();
        String scratch = RestoreDatabases.scratch("ledger");

        CompletableFuture<RestoredBackup> restore =
                CompletableFuture.supplyAsync(() -> backups.restore(restoreOf(backup)));
        Wait.until(
                "pg_restore to have written 20 MB into " + scratch,
                Duration.ofMinutes(2),
                () -> !LedgerStack.sql("SELECT coalesce(sum(pg_database_size(datname)), 0) > 20000000 FROM pg_database"
                                + " WHERE datname = '" + scratch + "'")
                        .equals("f"));
        String killed =
                E2eRuntime.output("pkill", "--signal", "KILL", "--echo", "--full", "^pg_restore .*--dbname=" + scratch);

        assertThatThrownBy(() -> restore.get(2, TimeUnit.MINUTES))
                .hasRootCauseInstanceOf(ApplicationFailure.class)
                .rootCause()
                .hasMessageContaining("pg_restore into the scratch database " + scratch)
                .hasMessageContaining("The live database ledger was not touched");
        System.out.println("E2E ledger restore killed half-way: " + killed.strip() + "; live database unchanged");
        assertThat(liveDigest()).isEqualTo(before);
        assertThat(LedgerStack.sql("SELECT count(*) FROM pg_database WHERE datname = '" + scratch + "'"))
                .isEqualTo("0");
        assertThat(LedgerStack.sql("SELECT datallowconn FROM pg_database WHERE datname = 'ledger'"))
                .isEqualTo("t");
    }

    @Test
    void aDumpKilledHalfWayLeavesNothingThatLooksLikeABackup() throws Exception {
        String dumpId = id("kill-dump");
        CompletableFuture<BackupFile> dump =
                CompletableFuture.supplyAsync(() -> backups.dump(new DumpRequest(Host.LOCAL, database, dumpId, null)));
        Path partial = backupDir.resolve(dumpId + ".dump.partial");
        Wait.until(
                "pg_dump to have written 5 MB",
                Duration.ofMinutes(2),
                () -> Files.isRegularFile(partial) && sizeOf(partial) > 5_000_000);
        String killed =
                E2eRuntime.output("pkill", "--signal", "KILL", "--echo", "--full", "^pg_dump .*--dbname=ledger");

        assertThatThrownBy(() -> dump.get(2, TimeUnit.MINUTES)).hasCauseInstanceOf(ActivityFailure.class);
        System.out.println("E2E ledger dump killed half-way: " + killed.strip());
        try (var files = Files.list(backupDir)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(name -> name.startsWith(dumpId)))
                    .isEmpty();
        }
        StoredBackup newest = backups.newest(new BackupQuery(backupDir.toString(), BackupIds.prefix("ledger", "prod")));
        assertThat(newest == null ? "none" : newest.backup().id()).isNotEqualTo(dumpId);
    }

    /** The ledger's database as a plan names it, its backups in this test's directory. */
    private static Database ledger(BackupPolicy policy) {
        return new Database(
                LedgerStack.CONTAINER,
                5432,
                "ledger",
                "ledger",
                LedgerStack.PASSWORD_ENV,
                backupDir.toString(),
                null,
                policy,
                null);
    }

    private RestoreRequest restoreOf(BackupFile backup) {
        return new RestoreRequest(
                Host.LOCAL,
                database,
                backup,
                RestoreDatabases.scratch("ledger"),
                RestoreDatabases.aside("ledger", Instant.now()));
    }

    private static String id(String what) {
        return BackupIds.prefix("ledger", "prod")
                + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                        .withZone(java.time.ZoneOffset.UTC)
                        .format(Instant.now())
                + "-" + what;
    }

    /** Every table's rows and the schema, as one digest: equal means the database did not change. */
    private static String liveDigest() {
        return LedgerStack.sql("SELECT md5(string_agg(d, ',' ORDER BY d)) FROM ("
                + " SELECT md5(array_agg(e ORDER BY e.id)::text) AS d FROM entries e"
                + " UNION ALL SELECT md5(array_agg(a ORDER BY a.id)::text) FROM accounts a"
                + " UNION ALL SELECT md5(array_agg(v ORDER BY v.at, v.what)::text) FROM audit.events v"
                + " UNION ALL SELECT md5(string_agg(table_schema || table_name || column_name || data_type, ','"
                + "   ORDER BY table_schema, table_name, column_name)) FROM information_schema.columns"
                + "   WHERE table_schema IN ('public', 'audit')) digests");
    }

    private static String tableDigest(String table) {
        return LedgerStack.sql("SELECT md5(array_agg(t ORDER BY t.id)::text) FROM " + table + " t");
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException gone) {
            return 0;
        }
    }
}
