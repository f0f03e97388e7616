package io.relman.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ReleaseStepsTest {
    @Test
    void theDefaultOrderIsUsable() {
        assertThat(ReleaseSteps.problems(ReleaseSteps.DEFAULT_NAMES, true, true))
                .isEmpty();
    }

    @Test
    void aPostDeployMigrationIsUsable() {
        assertThat(ReleaseSteps.problems(
                        List.of("preflight", "build", "rollout", "backup", "migrate", "validate"), true, true))
                .isEmpty();
    }

    @Test
    void withoutMigrationsNeitherBackupNorMigrateIsNeeded() {
        assertThat(ReleaseSteps.problems(List.of("preflight", "build", "rollout"), false, true))
                .isEmpty();
    }

    @Test
    void everyBrokenRuleIsNamedWithItsReason() {
        assertThat(ReleaseSteps.problems(List.of("rollout", "validate", "migrate", "backup"), true, true))
                .containsExactly(
                        "'preflight' is missing; every release needs it (it finds the release that runs now, which the undo steps go"
                                + " back to)",
                        "'build' is missing; every release needs it (it makes the image the release runs)",
                        "'backup' must come before 'migrate': the backup is the way back from a failed migration");
        assertThat(ReleaseSteps.problems(List.of("preflight", "build", "validate", "rollout", "rollout"), false, true))
                .containsExactly("'rollout' is listed twice; keep one");
    }

    @Test
    void withoutADatabaseThereIsNothingToBackUpOrMigrate() {
        assertThat(ReleaseSteps.problems(ReleaseSteps.names(ReleaseSteps.WITHOUT_DATABASE), false, false))
                .isEmpty();
        assertThat(ReleaseSteps.problems(ReleaseSteps.DEFAULT_NAMES, false, false))
                .containsExactly(
                        "'backup' needs a database, and this environment has none; remove it, or add the database"
                                + " relman should back up",
                        "'migrate' needs a database, and this environment has none; remove it, or add the database"
                                + " relman should migrate");
    }

    @Test
    void aRollbackUndoesLastWhatTheDeployDidFirst() {
        assertThat(forRollback(ReleaseSteps.DEFAULT_NAMES))
                .containsExactly("preflight", "backup", "build", "rollout", "migrate", "validate");
        assertThat(forRollback(List.of("preflight", "build", "rollout", "backup", "migrate", "validate")))
                .containsExactly("preflight", "build", "backup", "migrate", "rollout", "validate");
        assertThat(forRollback(List.of("preflight", "build", "rollout")))
                .containsExactly("preflight", "build", "rollout");
    }

    @Test
    void aMigrationRunsTheStepsUpToTheSchema() {
        assertThat(ReleaseSteps.names(ReleaseSteps.forMigration(ReleaseSteps.DEFAULT)))
                .containsExactly("preflight", "backup", "build", "migrate");
    }

    private static List<String> forRollback(List<String> steps) {
        return ReleaseSteps.names(ReleaseSteps.forRollback(ReleaseSteps.of(steps)));
    }
}
