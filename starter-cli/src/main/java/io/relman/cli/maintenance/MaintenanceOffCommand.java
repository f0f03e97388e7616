package io.relman.cli.maintenance;

import io.relman.cli.common.ExitCode;
import io.relman.cli.common.Operator;
import io.relman.cli.common.ProgressView;
import io.relman.maintenance.MaintenanceReport;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowStub;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "off",
        header = "Take the maintenance page down: the traffic goes back.",
        mixinStandardHelpOptions = true,
        description = {
            "Find the environment's running Maintenance run and take its page down (the abort signal, as",
            "relman abort sends it): each service's traffic goes back to what nginx routed before the page,",
            "and the page's container is removed. Waits until it is done and says how long the page was up.",
            "Refused when a release or a restore holds the environment instead."
        },
        footer = {"", "Example:", "  relman maintenance off --env demo"})
public final class MaintenanceOffCommand implements Callable<Integer> {
    @Mixin
    MaintenanceTarget target;

    @Override
    public Integer call() {
        String workflowId = target.workflowId(target.plan());
        String environment = target.environment;
        WorkflowClient client = target.temporal.connect();
        WorkflowExecutionDescription latest = target.temporal.latestRelease(client, workflowId, environment);
        String runId = latest.getExecution().getRunId();
        String link = target.temporal.runLink(workflowId, runId);
        if (latest.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
            System.err.println("relman: no maintenance page of " + environment + " is up: the latest run of "
                    + workflowId + " (a " + latest.getWorkflowType() + ") has ended: " + link + ". Nothing to take"
                    + " down.");
            return ExitCode.UNREACHABLE;
        }
        if (!latest.getWorkflowType().equals("Maintenance")) {
            System.err.println("relman: " + workflowId + " runs a " + latest.getWorkflowType() + ", not a maintenance"
                    + " page: " + link + ". Nothing was sent; relman abort " + environment + " stops it.");
            return ExitCode.REFUSED;
        }
        WorkflowStub run = client.newUntypedWorkflowStub(workflowId, Optional.of(runId), Optional.empty());
        run.signal("abort", Operator.name());
        System.out.println("Taking the maintenance page of " + environment + " down: " + link);
        return new ProgressView(System.out)
                .watch(
                        run,
                        MaintenanceReport.class,
                        "relman status " + workflowId + " --watch",
                        report -> System.out.println("The maintenance page of " + environment + " was up for "
                                + ProgressView.seconds(report.upMillis()) + " over "
                                + String.join(", ", report.services()) + "; taken down by " + report.takenDownBy()
                                + ". The traffic is back where it was."));
    }
}
