package io.relman.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RestoreDatabasesTest {
    private static final Instant AT = Instant.parse("2026-11-26T04:15:00.123Z");

    @Test
    void theNamesSayWhatTheyAreAndFitPostgresLimit() {
        assertThat(RestoreDatabases.scratch("shop")).isEqualTo("relman_restore_shop");
        assertThat(RestoreDatabases.drill("shop")).isEqualTo("relman_drill_shop");
        assertThat(RestoreDatabases.aside("shop", AT)).isEqualTo("shop_before_restore_20261126041500123");
        String longName = "a".repeat(63);
        assertThat(RestoreDatabases.aside(longName, AT)).hasSize(63).endsWith("_before_restore_20261126041500123");
        assertThat(RestoreDatabases.scratch(longName)).hasSize(63);
    }

    @Test
    void anAsideDatabaseTellsWhenItWasSetAsideAndOthersDoNot() {
        assertThat(RestoreDatabases.asideSince("shop", RestoreDatabases.aside("shop", AT)))
                .contains(AT);
        assertThat(RestoreDatabases.asideSince("a".repeat(63), RestoreDatabases.aside("a".repeat(63), AT)))
                .contains(AT);
        assertThat(RestoreDatabases.asideSince("shop", "shop")).isEmpty();
        assertThat(RestoreDatabases.asideSince("shop", "shop_before_restore_yesterday"))
                .isEmpty();
        assertThat(RestoreDatabases.asideSince("shop", "shopping_before_restore_20261126041500123"))
                .isEmpty();
    }
}
