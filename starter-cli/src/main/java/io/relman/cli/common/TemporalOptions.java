package io.relman.cli.common;

import io.relman.temporal.RelmanTemporal;
import io.relman.temporal.client.PayloadEncryption;
import io.relman.temporal.client.TemporalCredentials;
import io.relman.temporal.client.WebUiLinks;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.TimeoutFailure;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** Where the Temporal server is, shared by every command that talks to it. */
public final class TemporalOptions {
    @Option(
            names = "--temporal",
            paramLabel = "HOST:PORT",
            defaultValue = "${env:RELMAN_TEMPORAL_ADDRESS:-127.0.0.1:7233}",
            description = "Temporal frontend address (default: ${DEFAULT-VALUE}).")
    String address;

    @Option(
            names = "--namespace",
            defaultValue = "${env:RELMAN_NAMESPACE:-default}",
            description = "Temporal namespace (default: ${DEFAULT-VALUE}).")
    public String namespace;

    @Option(
            names = "--task-queue",
            defaultValue = "${env:RELMAN_TASK_QUEUE:-" + RelmanTemporal.DEFAULT_TASK_QUEUE + "}",
            description = "Task queue the relman worker polls (default: ${DEFAULT-VALUE}).")
    public String taskQueue;

    @Option(
            names = "--tls-cert",
            paramLabel = "FILE",
            defaultValue = "${env:RELMAN_TLS_CERT}",
            description = "Client certificate (PEM) for a Temporal cluster that asks for mTLS (env RELMAN_TLS_CERT).")
    String tlsCert;

    @Option(
            names = "--tls-key",
            paramLabel = "FILE",
            defaultValue = "${env:RELMAN_TLS_KEY}",
            description = "Its private key, PKCS#8 PEM (env RELMAN_TLS_KEY).")
    String tlsKey;

    @Option(
            names = "--tls-ca",
            paramLabel = "FILE",
            defaultValue = "${env:RELMAN_TLS_CA}",
            description = "CA certificate(s) (PEM) that signed the server's certificate, if not a public one"
                    + " (env RELMAN_TLS_CA).")
    String tlsCa;

    @Option(
            names = "--api-key",
            paramLabel = "KEY",
            defaultValue = "${env:RELMAN_API_KEY}",
            description = "API key, e.g. for Temporal Cloud; prefer the env RELMAN_API_KEY: a command line is"
                    + " visible to every user of the machine.")
    String apiKey;

    @Option(
            names = "--codec-keys",
            paramLabel = "FILE",
            defaultValue = "${env:RELMAN_CODEC_KEYS_FILE}",
            description = "The worker's payload keys file, to read the encrypted inputs and results (env"
                    + " RELMAN_CODEC_KEYS_FILE; bin/relman sets the checkout's .relman/codec.keys).")
    String codecKeys;

    public String webUi = System.getenv().getOrDefault("RELMAN_WEB_UI", "http://127.0.0.1:8233");

    TemporalCredentials credentials() {
        return new TemporalCredentials(tlsCert, tlsKey, tlsCa, apiKey);
    }

    public WorkflowClient connect() {
        TemporalCredentials credentials = credentials();
        if (credentials.problem() != null) {
            throw new CommandException(ExitCode.BAD_INPUT, credentials.problem() + ". Nothing was changed.");
        }
        WorkflowServiceStubs stubs;
        try {
            stubs = WorkflowServiceStubs.newServiceStubs(credentials
                    .applyTo(WorkflowServiceStubsOptions.newBuilder()
                            .setTarget(address)
                            .setRpcTimeout(Duration.ofSeconds(10))
                            .setChannelInitializer(CliConnections::onOwnEventLoop))
                    .build());
            CliConnections.opened(stubs);
        } catch (java.io.UncheckedIOException e) {
            throw new CommandException(ExitCode.BAD_INPUT, e.getMessage() + ". Nothing was changed.");
        }
        try {
            stubs.blockingStub()
                    .withDeadlineAfter(5, java.util.concurrent.TimeUnit.SECONDS)
                    .describeNamespace(DescribeNamespaceRequest.newBuilder()
                            .setNamespace(namespace)
                            .build());
        } catch (RuntimeException e) {
            stubs.shutdownNow();
            var refused = TemporalErrors.statusOf(e)
                    .filter(status -> status.getStatus().getCode() == io.grpc.Status.Code.UNAUTHENTICATED
                            || status.getStatus().getCode() == io.grpc.Status.Code.PERMISSION_DENIED);
            throw new CommandException(
                    ExitCode.UNREACHABLE,
                    refused.isPresent()
                            ? TemporalErrors.sentence(refused.get(), "connecting to " + address)
                                    + " Nothing was changed."
                            : "cannot reach Temporal namespace '" + namespace + "' at " + address + " ("
                                    + e.getMessage()
                                    + "). Start the embedded runtime with scripts/setup.sh, or set --temporal /"
                                    + " RELMAN_TEMPORAL_ADDRESS");
        }
        WorkflowClientOptions.Builder options =
                WorkflowClientOptions.newBuilder().setNamespace(namespace);
        if (codecKeys != null && !codecKeys.isBlank()) {
            try {
                options.setDataConverter(PayloadEncryption.readKeys(Path.of(codecKeys))
                        .around(DefaultDataConverter.newDefaultInstance()));
            } catch (RuntimeException e) {
                stubs.shutdownNow();
                throw new CommandException(ExitCode.BAD_INPUT, e.getMessage() + ". Nothing was changed.");
            }
        }
        return WorkflowClient.newInstance(stubs, options.build());
    }

    /** The latest run of a release workflow (running or ended); {@code asked} is what the user named. */
    public WorkflowExecutionDescription latestRelease(WorkflowClient client, String workflowId, String asked) {
        try {
            return client.newUntypedWorkflowStub(workflowId).describe();
        } catch (WorkflowNotFoundException e) {
            throw new CommandException(
                    ExitCode.UNREACHABLE,
                    "no release of " + asked + " has run in" + " namespace " + namespace + " (no workflow " + workflowId
                            + ")");
        }
    }

    /**
     * A short workflow that only reads (the history, a stack's description) on a worker, whose answer is
     * awaited: an id of its own, and a worker must answer within {@code within}.
     */
    public <T> T ask(
            String idPrefix, String summary, Duration within, WorkflowClient client, Function<WorkflowOptions, T> run) {
        try {
            return run.apply(WorkflowOptions.newBuilder()
                    .setWorkflowId(idPrefix + "-" + UUID.randomUUID())
                    .setTaskQueue(taskQueue)
                    .setWorkflowExecutionTimeout(within)
                    .setStaticSummary(summary)
                    .build());
        } catch (WorkflowFailedException e) {
            // Timed out: no worker took it. Anything else: the worker's own words.
            throw new CommandException(
                    ExitCode.UNREACHABLE,
                    e.getCause() instanceof TimeoutFailure
                            ? summary + ": no relman worker answered within " + within.toSeconds()
                                    + " s; is one polling task" + " queue " + taskQueue + "?"
                            : summary + " failed: " + ProgressView.failureMessage(e));
        }
    }

    /**
     * A run of {@code workflowType} under {@code workflowId}, not started: the id is the lock (the server refuses
     * a second run while one runs), the Environment search attribute and who asked set from the start.
     */
    public WorkflowStub newLockedRun(
            WorkflowClient client, String workflowType, String workflowId, String environment, String summary) {
        return client.newUntypedWorkflowStub(
                workflowType,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(workflowId)
                        .setTaskQueue(taskQueue)
                        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                        .setMemo(Map.of(RelmanTemporal.MEMO_REQUESTED_BY, Operator.name()))
                        .setTypedSearchAttributes(SearchAttributes.newBuilder()
                                .set(RelmanTemporal.ENVIRONMENT, environment)
                                .build())
                        .setStaticSummary(summary)
                        .build());
    }

    public String runLink(String workflowId, String runId) {
        return WebUiLinks.run(webUi, namespace, workflowId, runId);
    }
}
