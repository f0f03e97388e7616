package io.relman.cli.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.plan.ReleaseStep;
import io.relman.release.ReleaseFailure;
import io.relman.saga.Compensation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The summary after a failed release says what was measured, and "NOT undone" only where it differs. */
@Timeout(10)
class UndoReportTest {
    private static final String MEASURED = "the engine, nginx's upstream files and the database's schema";
    private static final Compensation PUT_BACK = new Compensation(
            ReleaseStep.ROLLOUT, "put shop-demo-app-2 back on v1", Compensation.Outcome.DONE, "started the kept one");
    /** An undo step that reported a failure although what it undoes measures as before. */
    private static final Compensation DOWN_FAILED = new Compensation(
            ReleaseStep.MIGRATE,
            "migrate app down to what v1 needs",
            Compensation.Outcome.FAILED,
            "ERROR: permission denied to create database");

    private static String shown(ReleaseFailure failure) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ProgressView(new PrintStream(out, true, StandardCharsets.UTF_8)).showUndone(failure);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static ReleaseFailure failure(List<Compensation> undo, List<String> differences, String comparedWith) {
        return new ReleaseFailure(
                "demo", "v2", ReleaseStep.MIGRATE, "deploy of v2 failed", undo, differences, true, comparedWith);
    }

    @Test
    void aStackMeasuredAsBeforeIsFullyUndoneAndTheReportSaysWhatWasCompared() {
        String shown = shown(failure(List.of(PUT_BACK, DOWN_FAILED), List.of(), MEASURED));

        assertThat(shown)
                .contains("failed: migrate app down to what v1 needs (ERROR: permission denied to create database)")
                .contains("Every change was undone: compared with " + MEASURED + ", the stack is as it was before v2.")
                .doesNotContain("NOT");
    }

    @Test
    void aDatabaseThatDiffersIsNamedAsNotUndone() {
        String difference = "the schema of the database shop is not the one it had before the release (backup b1,"
                + " taken before the migration, holds that one)";

        String shown = shown(failure(List.of(PUT_BACK), List.of(difference), MEASURED));

        assertThat(shown)
                .contains("Compared with " + MEASURED + ", the stack is NOT as it was before v2:\n  " + difference)
                .contains("Some changes could NOT be undone (see above)");
    }

    @Test
    void anUpstreamFileThatDiffersIsNamedAsNotUndone() {
        String difference = "nginx's /etc/nginx/relman/app.conf is not as before the release: it no longer has"
                + " `upstream app { keepalive 16; }`";

        String shown = shown(failure(List.of(PUT_BACK), List.of(difference), MEASURED));

        assertThat(shown).contains("  " + difference).contains("Some changes could NOT be undone (see above)");
    }

    @Test
    void aFailedUndoStepOfWhatIsNotMeasuredStillCounts() {
        Compensation imageLeft = new Compensation(
                ReleaseStep.BUILD, "remove the image shop-app:v2", Compensation.Outcome.FAILED, "conflict");

        ReleaseFailure failure = failure(List.of(PUT_BACK, imageLeft), List.of(), MEASURED);

        assertThat(failure.fullyUndone()).isFalse();
        assertThat(shown(failure)).contains("Some changes could NOT be undone (see above)");
    }

    @Test
    void aRunThatMeasuredOnlyTheReplicasStillTrustsItsUndoSteps() {
        ReleaseFailure failure = new ReleaseFailure(
                "demo", "v2", ReleaseStep.MIGRATE, "deploy of v2 failed", List.of(DOWN_FAILED), List.of(), true);

        assertThat(failure.fullyUndone()).isFalse();
        assertThat(shown(failure)).contains("Some changes could NOT be undone (see above)");
    }

    @Test
    void aComparisonOrRecordThatFailedStillListsTheUndoStepsAndSaysSo() {
        String couldNot = "could not compare the stack with before: permission denied on /var/run/docker.sock";
        String notRecorded = "the history record failed (Connection refused): `relman history` does not list this"
                + " run; see it in Temporal's Web UI, workflow release-shop-demo, run r1";
        ReleaseFailure failure = new ReleaseFailure(
                "demo",
                "v2",
                ReleaseStep.ROLLOUT,
                "deploy of v2 failed",
                List.of(PUT_BACK),
                List.of(couldNot),
                false,
                null,
                notRecorded);

        String shown = shown(failure);

        assertThat(shown)
                .contains("Undo steps, in the order they ran:\n  done: put shop-demo-app-2 back on v1")
                .contains("The stack could NOT be compared with how it was before v2:\n  " + couldNot)
                .contains("The undo could NOT be checked (see above)")
                .doesNotContain("Every change was undone")
                .endsWith("NOT recorded: " + notRecorded + ".\n");
    }

    @Test
    void aRunThatChangedNothingAndWasNotRecordedSaysBoth() {
        ReleaseFailure failure = new ReleaseFailure(
                "demo", "v2", ReleaseStep.BUILD, "deploy of v2 failed", List.of(), List.of(), false, null, "x failed");

        assertThat(shown(failure))
                .isEqualTo("Nothing had been changed, so nothing was undone.\nNOT recorded: x failed.\n");
    }
}
