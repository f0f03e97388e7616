package io.relman.cli.maintenance;

import io.relman.cli.common.CommandException;
import io.relman.cli.common.ExitCode;
import io.relman.cli.common.Operator;
import io.relman.cli.common.ProgressView;
import io.relman.cli.common.ReleaseLock;
import io.relman.maintenance.MaintenanceOrder;
import io.relman.maintenance.MaintenanceReport;
import io.relman.maintenance.MaintenanceWorkflow;
import io.relman.plan.Plan;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowStub;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "on",
        header = "Put the maintenance page up until relman maintenance off.",
        mixinStandardHelpOptions = true,
        description = {
            "Start the environment's Maintenance run: it reads what nginx routes to each service, then points",
            "each service's upstream at relman's page container (503, Retry-After). This command follows it",
            "until the page is up and exits; the page stays up until relman maintenance off (or relman abort,",
            "or a cancel in the Web UI). Refused while a release or a restore of the environment runs."
        },
        footer = {
            "",
            "Examples:",
            "  relman maintenance on --env demo",
            "  relman maintenance on --env demo --service app   # only app's traffic gets the page"
        })
public final class MaintenanceOnCommand implements Callable<Integer> {
    @Mixin
    MaintenanceTarget target;

    @Option(
            names = "--service",
            paramLabel = "S",
            description = "A service whose traffic gets the page (repeat it); without it, every service with a port.")
    List<String> services = List.of();

    @Override
    public Integer call() {
        Plan plan = target.plan();
        String environment = target.environment;
        MaintenanceOrder order = new MaintenanceOrder(plan, environment, Operator.name(), services);
        order.refusal().ifPresent(why -> {
            throw new CommandException(ExitCode.BAD_INPUT, why + " Nothing was changed.");
        });
        WorkflowClient client = target.temporal.connect();
        String workflowId = target.workflowId(plan);
        WorkflowStub run = target.temporal.newLockedRun(
                client,
                "Maintenance",
                workflowId,
                environment,
                "Maintenance page of " + plan.project() + " " + environment + ", asked by " + Operator.name());
        WorkflowExecution execution;
        try {
            execution = run.start(order);
        } catch (WorkflowExecutionAlreadyStarted e) {
            System.err.println(ReleaseLock.refusal(client, target.temporal, environment, e.getExecution()));
            return ExitCode.REFUSED;
        }
        System.out.println("Maintenance page of " + environment + " started as workflow " + workflowId);
        System.out.println("Web UI: " + target.temporal.runLink(workflowId, execution.getRunId()));
        WorkflowStub started =
                client.newUntypedWorkflowStub(workflowId, Optional.of(execution.getRunId()), Optional.empty());
        boolean[] downAlready = {false};
        int exit = new ProgressView(System.out)
                .watchUntil(
                        started,
                        MaintenanceReport.class,
                        "relman status " + workflowId + " --watch",
                        progress -> progress.percent() >= MaintenanceWorkflow.UP_PERCENT,
                        report -> {
                            downAlready[0] = true;
                            System.out.println("The page was taken down already, by " + report.takenDownBy()
                                    + ", after " + ProgressView.seconds(report.upMillis()) + ".");
                        });
        if (exit == 0 && !downAlready[0]) {
            System.out.println("The page stays up after this command; take it down with: relman maintenance off --env "
                    + environment);
        }
        return exit;
    }
}
