package io.relman.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The database a restore set aside last is the undo of that restore: retention never drops it. */
@Timeout(10)
class AsideRetentionTest {
    @Test
    void theNewestAsideIsTheOneSetAsideLast() {
        String older = RestoreDatabases.aside("shop", Instant.parse("2026-11-01T03:00:00Z"));
        String newest = RestoreDatabases.aside("shop", Instant.parse("2026-11-20T03:00:00Z"));

        assertThat(AtomicRestore.newestAside("shop", String.join("\n", newest, "shop", older, "other")))
                .isEqualTo(newest);
        assertThat(AtomicRestore.newestAside("shop", "shop\n")).isNull();
    }
}
