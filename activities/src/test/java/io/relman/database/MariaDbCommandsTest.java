package io.relman.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.plan.Database;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class MariaDbCommandsTest {
    private static final Database SHOP =
            new Database("shop-demo-db", 3306, "shop", "shop", "SHOP_DB_PASSWORD", "/b", null, null, null);

    @Test
    void theDumpIsOneConsistentSnapshotOverTheSocketAndCarriesNoPassword() {
        assertThat(MariaDbCommands.dump(SHOP))
                .containsExactly(
                        "mariadb-dump",
                        "--protocol=socket",
                        "--user=shop",
                        "--single-transaction",
                        "--skip-lock-tables",
                        "--quick",
                        "--routines",
                        "--triggers",
                        "--events",
                        "--hex-blob",
                        "--default-character-set=utf8mb4",
                        "--no-tablespaces",
                        "--",
                        "shop");
        assertThat(MariaDbCommands.PASSWORD_ENV).isEqualTo("MYSQL_PWD");
    }

    @Test
    void theClientReadsAScriptInBatchModeOnTheSchemaAsTheUserItIsGiven() {
        assertThat(MariaDbCommands.client(SHOP, "shop_admin", "relman_restore_shop"))
                .containsExactly(
                        "mariadb",
                        "--protocol=socket",
                        "--user=shop_admin",
                        "--database=relman_restore_shop",
                        "--batch",
                        "--skip-column-names",
                        "--default-character-set=utf8mb4",
                        "--max-allowed-packet=1G")
                .doesNotContain("--raw", "--force");
    }

    @Test
    void literalsAndIdentifiersAreQuotedWhateverTheNameHolds() {
        assertThat(MariaDbCommands.literal("O'Brien\\")).isEqualTo("'O''Brien\\\\'");
        assertThat(MariaDbCommands.identifier("odd`name")).isEqualTo("`odd``name`");
    }

    @Test
    void theFingerprintSqlReadsOneSchemaWithNamesRelativeToIt() {
        String sql = MariaDbCommands.fingerprintSql("relman_restore_shop");

        assertThat(sql)
                .startsWith("SET SESSION sql_mode = '';\n")
                .contains("WHERE TABLE_SCHEMA = 'relman_restore_shop'", "WHERE TRIGGER_SCHEMA = 'relman_restore_shop'")
                .contains("REPLACE(VIEW_DEFINITION, '`relman_restore_shop`.', '')")
                .contains("NULLIF(REFERENCED_TABLE_SCHEMA, 'relman_restore_shop')")
                .doesNotContain("COUNT(", "'rows'");
        assertThat(MariaDbCommands.fingerprintSql("it's")).contains("TABLE_SCHEMA = 'it''s'", "'`it''s`.'");
    }

    @Test
    void aFingerprintHashesTheSchemaLinesInAnOrderOfItsOwnAndTakesTheDumpsRowCounts() {
        String live = "column\titems.id\t1 int(11) NO  auto_increment\n"
                + "column\titems.name\t2 varchar(100) NO  utf8mb4_general_ci\n"
                + "view\tcheap_items\tselect `items`.`id` AS `id` from `items`\n";
        String scratchInItsServersOrder = "view\tcheap_items\tselect `items`.`id` AS `id` from `items`\n"
                + "column\titems.name\t2 varchar(100) NO  utf8mb4_general_ci\n\n"
                + "column\titems.id\t1 int(11) NO  auto_increment\n";
        DatabaseFingerprint backup = MariaDbCommands.fingerprint(live, Map.of("items", 3L));

        assertThat(backup.rowCounts()).isEqualTo(Map.of("items", 3L));
        assertThat(MariaDbCommands.fingerprint(scratchInItsServersOrder, Map.of("items", 3L))
                        .differencesFrom(backup))
                .isEmpty();
        assertThat(MariaDbCommands.fingerprint(
                                live.replace("varchar(100)", "varchar(50)"), Map.of("items", 2L, "audit", 0L))
                        .differencesFrom(backup))
                .containsExactly(
                        "the schema differs",
                        "table audit was not there before",
                        "table items has 2 rows instead of 3");
    }

    @Test
    void rowCountsAreOneStatementOnTheClientsSchemaAndNoneWithoutTables() {
        assertThat(MariaDbCommands.rowCountsSql(List.of())).isEmpty();
        assertThat(MariaDbCommands.rowCountsSql(List.of("items", "odd`na'me"))).isEqualTo("""
                        SET SESSION sql_mode = '';
                        SELECT 'rows', 'items', COUNT(*) FROM `items`
                        UNION ALL
                        SELECT 'rows', 'odd`na''me', COUNT(*) FROM `odd``na'me`;
                        """);
    }

    @Test
    void rowCountsAreReadBackFromTheBatchOutputWithItsEscapesUndone() {
        String output = "rows\titems\t3\nrows\ttab\\there\t0\nrows\tback\\\\slash\t12\n";

        assertThat(MariaDbCommands.rowCounts(output))
                .isEqualTo(Map.of("items", 3L, "tab\there", 0L, "back\\slash", 12L));
    }
}
