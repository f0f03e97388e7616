package io.relman.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.plan.BackupPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetentionTest {
    private static final long NOW = 1_800_000_000_000L;
    private static final BackupPolicy KEEP_3_FOR_10_DAYS = new BackupPolicy(null, 3, 10, null, null);

    /** Backups {@code ages} days old, newest first. */
    private static List<StoredBackup> aged(int... ages) {
        return IntStream.range(0, ages.length)
                .mapToObj(i -> new StoredBackup(
                        new BackupFile(
                                "shop-demo-" + i,
                                "/b/" + i + ".dump",
                                100,
                                "ab",
                                1,
                                new DatabaseFingerprint("s", Map.of()),
                                "shop",
                                "dev",
                                null,
                                0),
                        NOW - Duration.ofDays(ages[i]).minusMinutes(1).toMillis(),
                        List.of()))
                .toList();
    }

    private static List<String> deleted(List<StoredBackup> backups, Set<String> keep) {
        return Retention.select(backups, KEEP_3_FOR_10_DAYS, keep, NOW).stream()
                .map(DeletedBackup::id)
                .toList();
    }

    @Test
    void backupsOlderThanKeepDaysGoButTheNewestKeepLastStayWhateverTheirAge() {
        assertThat(deleted(aged(1, 5, 9, 10, 11, 40), Set.of()))
                .as("the 10-day-old one is not past keep_days yet")
                .containsExactly("shop-demo-4", "shop-demo-5");
        assertThat(deleted(aged(50, 60, 70, 80), Set.of()))
                .as("all old: the newest three stay")
                .containsExactly("shop-demo-3");
    }

    @Test
    void aBackupThatMustBeKeptStaysHoweverOld() {
        assertThat(deleted(aged(1, 2, 3, 20, 30), Set.of("shop-demo-4"))).containsExactly("shop-demo-3");
    }

    @Test
    void eachDeletionSaysWhy() {
        assertThat(Retention.select(aged(1, 2, 3, 31), KEEP_3_FOR_10_DAYS, Set.of(), NOW))
                .singleElement()
                .satisfies(d ->
                        assertThat(d.reason()).isEqualTo("30 days old, past keep_days 10, with 3 newer ones kept"));
    }

    @Test
    void keepLastZeroOrBelowNeverDeletesTheNewestBackup() {
        for (int keepLast : new int[] {0, -1}) {
            assertThat(
                            Retention.select(
                                            aged(40, 50, 60),
                                            new BackupPolicy(null, keepLast, 10, null, null),
                                            Set.of(),
                                            NOW)
                                    .stream()
                                    .map(DeletedBackup::id)
                                    .toList())
                    .as("keep_last " + keepLast)
                    .containsExactly("shop-demo-1", "shop-demo-2");
        }
    }
}
