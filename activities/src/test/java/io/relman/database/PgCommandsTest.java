package io.relman.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.plan.Database;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class PgCommandsTest {
    private static final Database SHOP =
            new Database("shop-demo-db", 5432, "shop", "shop", "SHOP_DB_PASSWORD", "/b", null, null, null);

    @Test
    void dumpIsCustomFormatGzippedFromTheExportedSnapshotAndCarriesNoPassword() {
        assertThat(PgCommands.dump(SHOP, "00000003-00000002-1"))
                .containsExactly(
                        "pg_dump",
                        "--format=custom",
                        "--compress=6",
                        "--no-owner",
                        "--snapshot=00000003-00000002-1",
                        "--host=localhost",
                        "--port=5432",
                        "--username=shop",
                        "--dbname=shop");
    }

    @Test
    void restoreReadsTheDumpFromStdinIntoTheScratchDatabaseInOneTransactionThatStopsAtTheFirstError() {
        assertThat(PgCommands.restore(SHOP, "relman_restore_shop"))
                .containsExactly(
                        "pg_restore",
                        "--single-transaction",
                        "--exit-on-error",
                        "--no-owner",
                        "--host=localhost",
                        "--port=5432",
                        "--username=shop",
                        "--dbname=relman_restore_shop");
    }

    @Test
    void theDirectoryFormatDumpsAndRestoresWithThePlansJobsAndNeverInOneTransaction() {
        Database byTable = new Database(
                "shop-demo-db",
                5432,
                "shop",
                "shop",
                "SHOP_DB_PASSWORD",
                "/b",
                null,
                new io.relman.plan.BackupPolicy(null, 7, 30, null, null, "directory", 3, null),
                null);
        assertThat(PgCommands.dumpDirectory(byTable, "00000003-00000002-1", "/tmp/relman-dump-x"))
                .contains("--format=directory", "--jobs=3", "--snapshot=00000003-00000002-1")
                .endsWith("--file=/tmp/relman-dump-x");
        assertThat(PgCommands.restoreDirectory(byTable, "relman_restore_shop", "/tmp/relman-restore-x"))
                .contains("--jobs=3", "--exit-on-error", "--dbname=relman_restore_shop")
                .doesNotContain("--single-transaction")
                .endsWith("/tmp/relman-restore-x");
    }

    @Test
    void scriptsReadStdinAndGetTheDatabaseNamesAsVariablesThatPsqlQuotes() {
        assertThat(PgCommands.psqlScript(SHOP, "postgres", Map.of("live", "shop", "scratch", "relman_restore_shop")))
                .contains("--dbname=postgres", "--set=ON_ERROR_STOP=1")
                .endsWith("--set=live=shop", "--set=scratch=relman_restore_shop", "--file=-");
        assertThat(PgCommands.CREATE_SCRATCH_SQL)
                .contains("DROP DATABASE IF EXISTS :\"scratch\"", "CREATE DATABASE :\"scratch\" TEMPLATE template0");
    }

    @Test
    void theSwapRenamesBothDatabasesInOneTransactionAfterClosingTheLiveOne() {
        String swap = PgCommands.SWAP_SQL;
        assertThat(swap.indexOf("ALLOW_CONNECTIONS false"))
                .isLessThan(swap.indexOf("pg_terminate_backend"))
                .isLessThan(swap.indexOf("BEGIN;"));
        assertThat(swap.substring(swap.indexOf("BEGIN;"))).isEqualTo("""
                        BEGIN;
                        ALTER DATABASE :"live" RENAME TO :"aside";
                        ALTER DATABASE :"scratch" RENAME TO :"live";
                        COMMIT;
                        """);
    }

    @Test
    void psqlStopsOnErrorAndPrintsTabSeparatedTuples() {
        assertThat(PgCommands.psql(SHOP, "SELECT 1"))
                .contains(
                        "--set=ON_ERROR_STOP=1",
                        "--tuples-only",
                        "--no-align",
                        "--field-separator=\t",
                        "--command=SELECT 1");
    }

    @Test
    void aFingerprintHashesTheSchemaAndCountsRows() {
        String before = "column\titems.id\tinteger NO nextval('items_id_seq'::regclass)\n"
                + "column\titems.name\ttext NO \nindex\titems_pkey\tCREATE UNIQUE INDEX items_pkey ON public.items (id)\n"
                + "rows\talembic_version\t1\nrows\titems\t3\n";
        DatabaseFingerprint fingerprint = PgCommands.fingerprint(before);

        assertThat(fingerprint.rowCounts()).isEqualTo(Map.of("alembic_version", 1L, "items", 3L));
        assertThat(fingerprint.differencesFrom(PgCommands.fingerprint(before))).isEmpty();
        DatabaseFingerprint migratedHalfWay = PgCommands.fingerprint(before.replace("rows\titems\t3", "rows\titems\t4")
                + "column\titems.sku\ttext YES \nrows\tprice_history\t0\n");
        assertThat(migratedHalfWay.differencesFrom(fingerprint))
                .isEqualTo(List.of(
                        "the schema differs",
                        "table items has 4 rows instead of 3",
                        "table price_history was not there before"));
        assertThat(PgCommands.fingerprint(before + "schema\tcatalog\tpresent\n").differencesFrom(fingerprint))
                .as("a schema a failed migration left behind, even an empty one")
                .containsExactly("the schema differs");
    }

    @Test
    void theFingerprintCoversEverySchemaButPostgresOwn() {
        assertThat(PgCommands.FINGERPRINT_SQL)
                .contains("FROM %I.%I")
                .doesNotContain("WHERE table_schema = 'public'")
                .contains("nspname NOT LIKE 'pg\\_%'");
    }
}
