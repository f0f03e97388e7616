package io.relman.cli.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Temporal's errors as a release manager reads them, and as scripts see them. */
@Timeout(10)
class TemporalErrorsTest {

    @Test
    void aConnectionLostWhileWatchingSaysTheRunGoesOnAndHowToFollowItAgain() {
        StatusRuntimeException gone =
                Status.UNAVAILABLE.withDescription("io exception").asRuntimeException();
        WorkflowStub run = runWhoseResult(CompletableFuture.failedFuture(new WorkflowServiceException(
                WorkflowExecution.newBuilder()
                        .setWorkflowId("release-shop-demo")
                        .build(),
                "Deploy",
                gone)));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int exit;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = new ProgressView(new PrintStream(new ByteArrayOutputStream()))
                    .watch(run, Object.class, "relman status demo --watch", result -> {});
        } finally {
            System.setErr(original);
        }

        assertThat(exit).as("not 'the release failed'").isEqualTo(ExitCode.UNREACHABLE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("relman: lost the connection to Temporal while watching")
                .contains("The run goes on without this command; follow it again with: relman status demo --watch");
    }

    @Test
    void missingSearchAttributesSayWhatToRegisterAndThatNothingStarted() {
        StatusRuntimeException refused = Status.INVALID_ARGUMENT
                .withDescription("Namespace relman-bare has no mapping defined for search attribute Environment")
                .asRuntimeException();

        assertThat(TemporalErrors.statusOf(new RuntimeException("wrapped", refused)))
                .contains(refused);
        assertThat(TemporalErrors.sentence(refused, "running relman deploy"))
                .startsWith("the Temporal namespace lacks relman's search attributes (INVALID_ARGUMENT: Namespace"
                        + " relman-bare has no mapping")
                .contains("nothing was started")
                .contains("Environment (Keyword), Service (KeywordList)");
    }

    @Test
    void anEncryptedResultWithoutTheKeySaysWhichFileTheCliNeeds() {
        var noKeys = new RuntimeException(
                "workflowId='history-shop-ci-1'",
                new io.temporal.common.converter.DataConverterException(
                        "No PayloadConverter is registered for an encoding: binary/encrypted"));
        var otherKey = new io.temporal.payload.codec.PayloadCodecException(
                "a payload is encrypted with key '20261201', which is not in this relman's keys file");

        assertThat(TemporalErrors.unreadablePayload(noKeys))
                .hasValueSatisfying(sentence -> assertThat(sentence).contains("this CLI has no key", "--codec-keys"));
        assertThat(TemporalErrors.unreadablePayload(otherKey))
                .hasValueSatisfying(sentence -> assertThat(sentence).contains("key '20261201'", "--codec-keys"));
        assertThat(TemporalErrors.unreadablePayload(new IllegalStateException("other")))
                .isEmpty();
    }

    @Test
    void refusedCredentialsAreNamedAsSuch() {
        assertThat(TemporalErrors.sentence(
                        Status.PERMISSION_DENIED
                                .withDescription("Request unauthorized.")
                                .asRuntimeException(),
                        "running relman status"))
                .startsWith("Temporal refused relman's credentials while running relman status (PERMISSION_DENIED:"
                        + " Request unauthorized.)");
    }

    /** A run stub that answers only what a watch asks: its result, and (failing) its progress. */
    private static WorkflowStub runWhoseResult(CompletableFuture<Object> result) {
        return (WorkflowStub) Proxy.newProxyInstance(
                WorkflowStub.class.getClassLoader(), new Class<?>[] {WorkflowStub.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getResultAsync")) {
                        return result;
                    }
                    throw Status.UNAVAILABLE.asRuntimeException();
                });
    }
}
