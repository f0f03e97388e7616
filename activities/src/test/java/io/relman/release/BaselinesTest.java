package io.relman.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.database.BackupFile;
import io.relman.database.DatabaseFingerprint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(10)
class BaselinesTest {
    private static final AdoptedBaseline ADOPTED =
            new AdoptedBaseline(Map.of("web", "2.2.15"), Map.of("web", "sha256:old"));
    private static final BackupFile BEFORE_FIRST = new BackupFile(
            "app-prod-before-3.0.0",
            "/backups/a.dump",
            10,
            "ab",
            1,
            new DatabaseFingerprint("fp", Map.of()),
            "app",
            "dev",
            "release-app-prod",
            0);

    private static ReleaseRecord release(ReleaseKind kind, ReleaseOutcome outcome, AdoptedBaseline adopted) {
        return new ReleaseRecord(
                "release-app-prod",
                "run-1",
                "app",
                "prod",
                "3.0.0",
                "ana@laptop",
                1_000_000L,
                1_007_000L,
                outcome,
                Map.of("web", "sha256:new"),
                null,
                List.of(),
                BEFORE_FIRST,
                kind,
                adopted);
    }

    @Test
    void theFirstReleaseRecordsWhatRanBeforeItJustBeforeItWithItsBackup() {
        ReleaseRecord baseline = Baselines.toRecordWith(
                        release(ReleaseKind.DEPLOY, ReleaseOutcome.SUCCEEDED, ADOPTED), List.of())
                .orElseThrow();

        assertThat(baseline.kind()).isEqualTo(ReleaseKind.BASELINE);
        assertThat(baseline.runId()).isEqualTo("run-1-baseline");
        assertThat(baseline.version()).isEqualTo("2.2.15");
        assertThat(baseline.images()).isEqualTo(Map.of("web", "sha256:old"));
        assertThat(baseline.outcome()).isEqualTo(ReleaseOutcome.SUCCEEDED);
        assertThat(baseline.startedAtMillis()).isEqualTo(999_999L);
        assertThat(baseline.finishedAtMillis()).isEqualTo(999_999L);
        assertThat(baseline.backup()).isEqualTo(BEFORE_FIRST);
        assertThat(baseline.adopted()).isEqualTo(ADOPTED);
    }

    @Test
    void failedReleasesAndMigrationsBeforeDoNotMakeItTheSecondRelease() {
        List<Baselines.Recorded> others = List.of(
                new Baselines.Recorded(ReleaseKind.DEPLOY, ReleaseOutcome.FAILED),
                new Baselines.Recorded(ReleaseKind.MIGRATION, ReleaseOutcome.SUCCEEDED),
                new Baselines.Recorded(ReleaseKind.ROLLBACK, ReleaseOutcome.FAILED));

        assertThat(Baselines.toRecordWith(release(ReleaseKind.DEPLOY, ReleaseOutcome.SUCCEEDED, ADOPTED), others))
                .isPresent();
    }

    @ParameterizedTest(name = "{0} {1} recorded before")
    @CsvSource({"baseline, succeeded", "deploy, succeeded", "rollback, succeeded"})
    void noBaselineOnceRelmanReleasedTheEnvironment(String kind, String outcome) {
        List<Baselines.Recorded> others =
                List.of(new Baselines.Recorded(ReleaseKind.of(kind), ReleaseOutcome.of(outcome)));

        assertThat(Baselines.toRecordWith(release(ReleaseKind.DEPLOY, ReleaseOutcome.SUCCEEDED, ADOPTED), others))
                .isEmpty();
    }

    @Test
    void onlyASucceededDeployThatSawAStackRelmanDidNotMakeRecordsOne() {
        assertThat(Baselines.toRecordWith(release(ReleaseKind.DEPLOY, ReleaseOutcome.FAILED, ADOPTED), List.of()))
                .isEmpty();
        assertThat(Baselines.toRecordWith(release(ReleaseKind.ROLLBACK, ReleaseOutcome.SUCCEEDED, ADOPTED), List.of()))
                .isEmpty();
        assertThat(Baselines.toRecordWith(release(ReleaseKind.DEPLOY, ReleaseOutcome.SUCCEEDED, null), List.of()))
                .isEmpty();
    }
}
