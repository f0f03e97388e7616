package io.relman.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The order a schema's code is created in: a view after the views it reads; each statement after its delimiter. */
class MariaDbCodeTest {
    @Test
    void aViewComesAfterTheViewsItReads() {
        Map<String, String> views = new LinkedHashMap<>();
        views.put("a_summary", "CREATE VIEW `a_summary` AS select `busy`.`id` AS `id` from `forge`.`busy`");
        views.put("busy", "CREATE VIEW `busy` AS select `posts`.`id` AS `id` from `forge`.`posts`");
        views.put("z_plain", "CREATE VIEW `z_plain` AS select 1 AS `one`");

        assertThat(MariaDbCode.readersLast(views)).containsExactly("busy", "a_summary", "z_plain");
    }

    @Test
    void aScriptUsesItsTargetAndADelimiterNoBodyHolds() {
        String script = MariaDbCode.script(
                "forge", List.of("CREATE PROCEDURE `p`() BEGIN SELECT 1; SELECT 2; END", "DROP VIEW IF EXISTS `v`"));

        assertThat(script)
                .startsWith("USE `forge`;\nDELIMITER $$relman$$\n")
                .contains("SELECT 1; SELECT 2; END$$relman$$\n")
                .contains("DELIMITER ;\n");
        assertThat(MariaDbCode.script("forge", List.of())).isEmpty();
    }
}
