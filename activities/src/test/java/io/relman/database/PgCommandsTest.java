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
            new Database("shop-demo-db", 5432, "shop", "shop", "SHOP_DB_PASSWORD", "/b", null);

    @Test
    void dumpIsCustomFormatGzippedAndCarriesNoPassword() {
        assertThat(PgCommands.dump(SHOP))
                .containsExactly(
                        "pg_dump",
                        "--format=custom",
                        "--compress=6",
                        "--no-owner",
                        "--host=localhost",
                        "--port=5432",
                        "--username=shop",
                        "--dbname=shop");
    }

    @Test
    void restoreIsOneTransactionThatStopsAtTheFirstError() {
        assertThat(PgCommands.restore(SHOP, "/tmp/x.dump"))
                .containsExactly(
                        "pg_restore",
                        "--single-transaction",
                        "--exit-on-error",
                        "--no-owner",
                        "--host=localhost",
                        "--port=5432",
                        "--username=shop",
                        "--dbname=shop",
                        "/tmp/x.dump");
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
    void theFingerprintAndTheEmptyingCoverEverySchemaButPostgresOwn() {
        assertThat(PgCommands.FINGERPRINT_SQL)
                .contains("FROM %I.%I")
                .doesNotContain("WHERE table_schema = 'public'")
                .contains("nspname NOT LIKE 'pg\\_%'");
        assertThat(PgCommands.EMPTY_APP_SCHEMAS_SQL)
                .contains("EXECUTE format('DROP SCHEMA %I CASCADE', s)")
                .endsWith(
                        "CREATE SCHEMA public AUTHORIZATION pg_database_owner; GRANT USAGE ON SCHEMA public TO PUBLIC");
    }
}
