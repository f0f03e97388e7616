package io.relman.cli.release;

import io.relman.cli.common.ExitCode;
import io.relman.cli.common.Operator;
import io.relman.cli.common.PlanOption;
import io.relman.cli.common.ProgressView;
import io.relman.cli.common.ReleaseLock;
import io.relman.cli.common.TemporalOptions;
import io.relman.plan.Plan;
import io.relman.plan.Service;
import io.relman.release.ReleaseRequest;
import io.relman.release.ReleaseResult;
import io.relman.temporal.RelmanTemporal;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What every command that starts a release run shares: the plan, environment and version checks, the
 * environment's lock (workflow id release-PROJECT-ENV), the search attributes, the dry run and the live view.
 */
abstract class ReleaseCommand implements Callable<Integer> {
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    @Option(
            names = "--env",
            required = true,
            paramLabel = "ENV",
            description = "Environment of the plan to release to.")
    String environment;

    /** The version the run releases: given on the command line, or found by {@link #prepare} (rollback). */
    String version;

    @Mixin
    PlanOption plan;

    @Option(names = "--detach", description = "Start the release, print its link and return without watching.")
    boolean detach;

    @Option(
            names = "--dry-run",
            description =
                    "Print the steps and the containers the run would touch, and the" + " undo steps; change nothing.")
    boolean dryRun;

    @Mixin
    TemporalOptions temporal;

    private static String badVersion(String version) {
        return "relman: version '" + version + "' cannot be an image tag; use letters, digits, _ . - (at most 128)."
                + " Nothing was changed.";
    }

    @Override
    public Integer call() {
        version = givenVersion();
        Plan loaded = plan.load();
        if (loaded.environment(environment).isEmpty()) {
            System.err.println("relman: " + plan.unknownEnvironment(loaded, environment) + " Nothing was changed.");
            return ExitCode.BAD_INPUT;
        }
        if (version != null && !VERSION.matcher(version).matches()) {
            System.err.println(badVersion(version));
            return ExitCode.BAD_INPUT;
        }
        if (dryRun && version != null) {
            dryRun(loaded).forEach(System.out::println);
            return 0;
        }
        WorkflowClient client = temporal.connect();
        prepare(client, loaded);
        if (!VERSION.matcher(version).matches()) {
            // Found by prepare in relman's records (a rollback's target): checked like one typed.
            System.err.println(badVersion(version));
            return ExitCode.BAD_INPUT;
        }
        if (dryRun) {
            dryRun(loaded).forEach(System.out::println);
            return 0;
        }
        String workflowId = RelmanTemporal.releaseWorkflowId(loaded.project(), environment);
        WorkflowOptions options = WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(temporal.taskQueue)
                // The environment's lock: a closed run frees the id, a running one makes the server refuse.
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                .setMemo(Map.of(RelmanTemporal.MEMO_REQUESTED_BY, Operator.name()))
                .setTypedSearchAttributes(SearchAttributes.newBuilder()
                        .set(RelmanTemporal.ENVIRONMENT, environment)
                        .set(
                                RelmanTemporal.SERVICE,
                                loaded.services().stream().map(Service::name).toList())
                        .set(RelmanTemporal.RELEASE_VERSION, version)
                        .build())
                .setStaticSummary(workflowType() + " " + loaded.project() + " " + version + " to " + environment)
                .setStaticDetails("Plan " + loaded.source() + ", requested by " + Operator.name())
                .build();
        WorkflowExecution execution;
        try {
            execution = start(client, options, new ReleaseRequest(loaded, environment, version, Operator.name()));
        } catch (WorkflowExecutionAlreadyStarted e) {
            System.err.println(ReleaseLock.refusal(client, temporal, environment, e.getExecution()));
            return ExitCode.REFUSED;
        }
        System.out.println(workflowType() + " of " + loaded.project() + " " + version + " to " + environment
                + " started as workflow " + workflowId);
        System.out.println("Web UI: " + temporal.runLink(workflowId, execution.getRunId()));
        if (detach) {
            return 0;
        }
        System.out.println("(Ctrl-C stops watching; the release goes on.)");
        WorkflowStub stub = client.newUntypedWorkflowStub(
                workflowId, java.util.Optional.of(execution.getRunId()), java.util.Optional.empty());
        return new ProgressView(System.out)
                .watch(
                        stub,
                        ReleaseResult.class,
                        "relman status " + environment + " --watch",
                        result -> System.out.println(done(result)));
    }

    /** The version given on the command line, or null when the command finds it (a rollback, in {@link #prepare}). */
    String givenVersion() {
        return null;
    }

    /** The workflow type, as the Web UI shows it: Deploy, Migration. */
    abstract String workflowType();

    /** What --dry-run prints: the steps, the containers touched, the undo. */
    abstract List<String> dryRun(Plan loaded);

    /** Finds what the run needs from the server before it starts (a rollback: its target); nothing by default. */
    void prepare(WorkflowClient client, Plan loaded) {}

    abstract WorkflowExecution start(WorkflowClient client, WorkflowOptions options, ReleaseRequest request);

    /** The last line of a watched run that succeeded. */
    abstract String done(ReleaseResult result);
}
