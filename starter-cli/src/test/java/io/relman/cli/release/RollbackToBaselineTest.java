package io.relman.cli.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relman.cli.common.CommandException;
import io.relman.database.BackupFile;
import io.relman.database.DatabaseFingerprint;
import io.relman.release.AdoptedBaseline;
import io.relman.release.ReleaseKind;
import io.relman.release.ReleaseOutcome;
import io.relman.release.ReleaseRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The rollback's choice of target and the history's lines once the first release recorded a baseline. */
@Timeout(10)
class RollbackToBaselineTest {
    private static final long FIRST_STARTED = 1_795_000_000_000L; // 2026-11-18 11:06:40 UTC
    private static final BackupFile BEFORE_FIRST = new BackupFile(
            "app-prod-20261118-110640-before-3.0.0",
            "/backups/a.dump",
            10,
            "ab",
            1,
            new DatabaseFingerprint("fp", Map.of()),
            "app",
            "dev",
            "release-app-prod",
            FIRST_STARTED);
    private static final AdoptedBaseline ADOPTED =
            new AdoptedBaseline(Map.of("web", "2.2.15"), Map.of("web", "sha256:0123456789abcdef"));

    private static ReleaseRecord record(
            ReleaseKind kind, String version, long startedAt, BackupFile backup, AdoptedBaseline adopted) {
        return new ReleaseRecord(
                "release-app-prod",
                "run-" + version,
                "app",
                "prod",
                version,
                "ana@laptop",
                startedAt,
                kind == ReleaseKind.BASELINE ? startedAt : startedAt + 7_000,
                ReleaseOutcome.SUCCEEDED,
                kind == ReleaseKind.BASELINE ? adopted.images() : Map.of("web", "sha256:id-of-" + version),
                null,
                List.of(),
                backup,
                kind,
                adopted);
    }

    /** relman history after the first release: that release, then what ran before it. */
    private static final List<ReleaseRecord> AFTER_FIRST = List.of(
            record(ReleaseKind.DEPLOY, "3.0.0", FIRST_STARTED, BEFORE_FIRST, null),
            record(ReleaseKind.BASELINE, "2.2.15", FIRST_STARTED - 1, BEFORE_FIRST, ADOPTED));

    @Test
    void aRollbackAfterTheFirstReleaseGoesBackToWhatRanBeforeIt() {
        RollbackTarget chosen = RollbackTarget.choose(AFTER_FIRST, "prod", null, false);

        assertThat(chosen.from()).isEqualTo("3.0.0");
        assertThat(chosen.target().version()).isEqualTo("2.2.15");
        assertThat(chosen.target().images()).isEqualTo(Map.of("web", "sha256:0123456789abcdef"));
        assertThat(chosen.toBaseline()).isTrue();
        assertThat(chosen.restoreFrom()).isNull();
    }

    @Test
    void toTheBaselinesVersionWithRestoreDbRestoresTheBackupTheFirstReleaseTook() {
        RollbackTarget chosen = RollbackTarget.choose(AFTER_FIRST, "prod", "2.2.15", true);

        assertThat(chosen.target().kind()).isEqualTo(ReleaseKind.BASELINE);
        assertThat(chosen.restoreFrom()).isEqualTo(BEFORE_FIRST);
    }

    @Test
    void aBaselineOfMixedVersionsIsNamedBaseline() {
        AdoptedBaseline mixed = new AdoptedBaseline(
                Map.of("web", "2.2.15", "worker", "1.0"), Map.of("web", "sha256:w", "worker", "sha256:k"));
        List<ReleaseRecord> history = List.of(
                record(ReleaseKind.DEPLOY, "3.0.0", FIRST_STARTED, BEFORE_FIRST, null),
                record(ReleaseKind.BASELINE, "baseline", FIRST_STARTED - 1, BEFORE_FIRST, mixed));

        assertThat(RollbackTarget.choose(history, "prod", "baseline", false)
                        .target()
                        .images())
                .isEqualTo(Map.of("web", "sha256:w", "worker", "sha256:k"));
    }

    @Test
    void laterReleasesGoBackToTheReleaseBeforeThemNotToTheBaseline() {
        List<ReleaseRecord> history = List.of(
                record(ReleaseKind.DEPLOY, "3.1.0", FIRST_STARTED + 100_000, null, null),
                AFTER_FIRST.get(0),
                AFTER_FIRST.get(1));

        RollbackTarget chosen = RollbackTarget.choose(history, "prod", null, false);

        assertThat(chosen.from()).isEqualTo("3.1.0");
        assertThat(chosen.target().version()).isEqualTo("3.0.0");
        assertThat(chosen.toBaseline()).isFalse();
    }

    @Test
    void withoutABaselineTheRefusalSaysWhy() {
        assertThatThrownBy(() -> RollbackTarget.choose(List.of(AFTER_FIRST.get(0)), "prod", null, false))
                .isInstanceOf(CommandException.class)
                .hasMessageStartingWith("no release of prod before 3.0.0 is recorded, nor what ran before relman's"
                        + " first release there");
        assertThatThrownBy(() -> RollbackTarget.choose(List.of(AFTER_FIRST.get(1)), "prod", null, false))
                .as("a baseline alone is no release to roll back")
                .hasMessage("no succeeded release of prod is recorded; there is nothing to roll back. Nothing was"
                        + " changed.");
    }

    @Test
    void historyShowsTheBaselineAndHowToReturnToIt() {
        assertThat(HistoryCommand.lines(AFTER_FIRST))
                .containsExactly(
                        "STARTED (UTC)        KIND       VERSION             OUTCOME    BY                        TOOK"
                                + "  BACKUP",
                        "2026-11-18 11:06:40  deploy     3.0.0               succeeded  ana@laptop                7.0s"
                                + "  app-prod-20261118-110640-before-3.0.0",
                        "2026-11-18 11:06:39  baseline   2.2.15              adopted    ana@laptop                   -"
                                + "  app-prod-20261118-110640-before-3.0.0",
                        "    adopted before the first release (backup app-prod-20261118-110640-before-3.0.0): web"
                                + " 2.2.15 (0123456789ab); relman rollback --to 2.2.15 returns to it");
    }
}
