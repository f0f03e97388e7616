package io.relman.cli.release;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * relman approve, pause, resume and abort signal whatever runs under release-PROJECT-ENV: a Restore answers
 * abort alone, and the others are refused with the truth instead of sent into a run that ignores them.
 */
class SignalAnswersTest {
    @ParameterizedTest
    @ValueSource(strings = {"pause", "resume", "approve"})
    void aSignalARestoreDoesNotAnswerIsRefusedAndNothingIsSent(String signal) {
        assertThat(SignalAnswers.refusal("Restore", signal, "release-shop-demo"))
                .hasValue("release-shop-demo runs a Restore, which does not answer " + signal + ": a restore has"
                        + " no approval gate and no replicas to pause between; relman abort release-shop-demo stops"
                        + " it at its next step and undoes it. Nothing was sent.");
    }

    @Test
    void aRestoreIsAbortedAndTheOperatorIsToldWhatItUndoes() {
        assertThat(SignalAnswers.refusal("Restore", "abort", "release-shop-demo"))
                .isEmpty();
        assertThat(SignalAnswers.whatHappensNext("Restore", "abort"))
                .hasValueSatisfying(next -> assertThat(next)
                        .startsWith("the restore stops at its next step and undoes what it did: the replaced"
                                + " database and the traffic go back"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Deploy", "Migration", "Rollback"})
    void aReleaseAnswersEverySignalAsBefore(String type) {
        for (String signal : new String[] {"approve", "pause", "resume", "abort"}) {
            assertThat(SignalAnswers.refusal(type, signal, "release-shop-demo")).isEmpty();
            assertThat(SignalAnswers.whatHappensNext(type, signal)).isEmpty();
        }
    }

    @Test
    void onlyADeployIsPromotedARollbackOrAMigrationHasNoCanary() {
        assertThat(SignalAnswers.refusal("Deploy", "promote", "release-shop-demo"))
                .isEmpty();
        for (String type : new String[] {"Migration", "Rollback"}) {
            assertThat(SignalAnswers.refusal(type, "promote", "release-shop-demo"))
                    .hasValue("release-shop-demo runs a " + type + ", which does not answer promote: only a deploy's"
                            + " canary (update_order: canary) is promoted. Nothing was sent.");
        }
    }

    @Test
    void aRunOfAnUnknownTypeIsNotSignalled() {
        assertThat(SignalAnswers.refusal("Drill", "abort", "release-shop-demo"))
                .hasValueSatisfying(why -> assertThat(why).contains("does not answer abort"));
    }

    @Test
    void aMaintenancePageIsTakenDownByAbortAndRefusesTheRestSayingHow() {
        for (String signal : new String[] {"approve", "pause", "resume"}) {
            assertThat(SignalAnswers.refusal("Maintenance", signal, "release-shop-demo"))
                    .hasValue("release-shop-demo runs a Maintenance, which does not answer " + signal + ": a"
                            + " maintenance page has no approval gate and no replicas to pause between; relman abort"
                            + " release-shop-demo (or relman maintenance off) takes it down. Nothing was sent.");
        }
        assertThat(SignalAnswers.refusal("Maintenance", "abort", "release-shop-demo"))
                .isEmpty();
        assertThat(SignalAnswers.whatHappensNext("Maintenance", "abort"))
                .hasValue("the maintenance page comes down: each service's traffic goes back to what nginx routed"
                        + " before it, and the page's container is removed.");
    }
}
