package io.relman.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relman.database.MariaDbSwap.SchemaObjects;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class MariaDbSwapTest {
    private static final String LIVE = "shop";
    private static final String SCRATCH = "relman_restore_shop";
    private static final String ASIDE = "relman_aside_shop";

    @Test
    void theObjectsOfASchemaAreListedByKindAndReadBackSorted() {
        assertThat(MariaDbSwap.objectsSql("it's"))
                .startsWith("SET SESSION sql_mode = '';\n")
                .contains("WHERE TABLE_SCHEMA = 'it''s'", "WHERE EVENT_SCHEMA = 'it''s'");

        SchemaObjects objects = MariaDbSwap.objects("table\titems\nview\tcheap_items\ntable\taudit\n"
                + "sequence\torder_ids\ntrigger\titems_ai\nprocedure\trestock\nfunction\tprice\nevent\tnightly\n"
                + "table\todd`name\n");

        assertThat(objects)
                .isEqualTo(new SchemaObjects(
                        List.of("audit", "items", "odd`name"),
                        List.of("order_ids"),
                        List.of("cheap_items"),
                        List.of("items_ai"),
                        List.of("restock"),
                        List.of("price"),
                        List.of("nightly")));
        assertThat(objects.moved()).containsExactly("audit", "items", "odd`name", "order_ids");
    }

    @Test
    void aKindTheSwapCannotMoveIsRefused() {
        assertThatThrownBy(() -> MariaDbSwap.objects("table\titems\npackage\tbilling\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds package objects");
    }

    @Test
    void preparingMakesTheAsideSchemaAndDropsTheScratchTriggersThatWouldStopTheRename() {
        SchemaObjects scratch = objects(List.of("items"), List.of(), List.of("items_ai", "odd`trigger"));

        assertThat(MariaDbSwap.prepare(SCRATCH, scratch, ASIDE)).isEqualTo("""
                CREATE DATABASE IF NOT EXISTS `relman_aside_shop`;
                DROP TRIGGER IF EXISTS `relman_restore_shop`.`items_ai`;
                DROP TRIGGER IF EXISTS `relman_restore_shop`.`odd``trigger`;
                """);
    }

    @Test
    void everyTableMovesInOneRenameLiveOnesAsideFirstThenTheLiveSchemasObjectsGo() {
        SchemaObjects live = new SchemaObjects(
                List.of("items", "only_live", "odd`name"),
                List.of("order_ids"),
                List.of("cheap_items", "later_a_table"),
                List.of("items_ai"),
                List.of("restock"),
                List.of("price"),
                List.of("nightly"));
        SchemaObjects scratch =
                objects(List.of("items", "odd`name", "later_a_table"), List.of("cheap_items"), List.of());

        assertThat(MariaDbSwap.swap(LIVE, live, SCRATCH, scratch, ASIDE)).isEqualTo("""
                SET SESSION lock_wait_timeout = 60;
                DROP VIEW IF EXISTS `shop`.`later_a_table`;
                DROP TRIGGER IF EXISTS `shop`.`items_ai`;
                RENAME TABLE
                  `shop`.`items` TO `relman_aside_shop`.`items`,
                  `shop`.`odd``name` TO `relman_aside_shop`.`odd``name`,
                  `shop`.`only_live` TO `relman_aside_shop`.`only_live`,
                  `shop`.`order_ids` TO `relman_aside_shop`.`order_ids`,
                  `relman_restore_shop`.`items` TO `shop`.`items`,
                  `relman_restore_shop`.`later_a_table` TO `shop`.`later_a_table`,
                  `relman_restore_shop`.`odd``name` TO `shop`.`odd``name`;
                DROP VIEW IF EXISTS `shop`.`cheap_items`;
                DROP PROCEDURE IF EXISTS `shop`.`restock`;
                DROP FUNCTION IF EXISTS `shop`.`price`;
                DROP EVENT IF EXISTS `shop`.`nightly`;
                """);
    }

    @Test
    void anEmptyLiveSchemaOnlyReceivesTheScratchTables() {
        SchemaObjects empty = objects(List.of(), List.of(), List.of());
        SchemaObjects scratch = objects(List.of("items"), List.of(), List.of());

        assertThat(MariaDbSwap.swap(LIVE, empty, SCRATCH, scratch, ASIDE)).isEqualTo("""
                SET SESSION lock_wait_timeout = 60;
                RENAME TABLE
                  `relman_restore_shop`.`items` TO `shop`.`items`;
                """);
        assertThat(MariaDbSwap.swap(LIVE, empty, SCRATCH, empty, ASIDE))
                .as("a backup of an empty database over an empty one")
                .isEqualTo("SET SESSION lock_wait_timeout = 60;\n");
    }

    private static SchemaObjects objects(List<String> tables, List<String> views, List<String> triggers) {
        return new SchemaObjects(tables, List.of(), views, triggers, List.of(), List.of(), List.of());
    }
}
