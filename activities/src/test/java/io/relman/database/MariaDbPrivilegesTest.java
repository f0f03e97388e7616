package io.relman.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.plan.Database;
import io.relman.plan.DatabaseEngine;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The grants a MariaDB restore needs, read from SHOW GRANTS, and the GRANT statements that fix what is missing. */
class MariaDbPrivilegesTest {
    private static final Database FORGE = new Database(
            "forge-db",
            3306,
            "forge",
            "forge",
            "FORGE_DB_PASSWORD",
            "/b",
            null,
            null,
            null,
            null,
            null,
            DatabaseEngine.MARIADB,
            null);

    @Test
    void rootsGrantOnEverythingAllowsARestore() {
        assertThat(MariaDbPrivileges.decide(
                                FORGE, "root@%", List.of("GRANT ALL PRIVILEGES ON *.* TO `root`@`%` WITH GRANT OPTION"))
                        .allowed())
                .isTrue();
    }

    @Test
    void anAppUserWithItsSchemaOnlyIsToldTheTwoGrantsItLacks() {
        MariaDbPrivileges.Verdict verdict = MariaDbPrivileges.decide(
                FORGE,
                "forge@localhost",
                List.of(
                        "GRANT USAGE ON *.* TO `forge`@`%` IDENTIFIED BY PASSWORD '*ABC'",
                        "GRANT ALL PRIVILEGES ON `forge`.* TO `forge`@`%`"));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.text())
                .contains("GRANT ALL ON `relman\\_%`.* TO 'forge'@'localhost';")
                .contains("GRANT ALL ON `forge\\_%`.* TO 'forge'@'localhost';")
                .doesNotContain("ON `forge`.*")
                .contains("relman_restore_forge, relman_drill_forge, forge_before_restore_TIME,"
                        + " forge_restored_before_restore_TIME")
                .endsWith("Nothing was changed.");
    }

    @Test
    void patternGrantsCoverTheScratchAndAsideSchemas() {
        assertThat(MariaDbPrivileges.decide(
                                FORGE,
                                "forge@localhost",
                                List.of(
                                        "GRANT ALL PRIVILEGES ON `forge`.* TO `forge`@`%`",
                                        "GRANT ALL PRIVILEGES ON `relman\\_%`.* TO `forge`@`%`",
                                        "GRANT ALL PRIVILEGES ON `forge\\_%`.* TO `forge`@`%`"))
                        .allowed())
                .isTrue();
        // SELECT alone is no grant to restore with, and _ unescaped matches any character.
        assertThat(MariaDbPrivileges.grantsAllOn("GRANT SELECT ON *.* TO `forge`@`%`", "forge"))
                .isFalse();
        assertThat(MariaDbPrivileges.matchesLike("forge_", "forgeX")).isTrue();
        assertThat(MariaDbPrivileges.matchesLike("forge\\_", "forgeX")).isFalse();
    }
}
