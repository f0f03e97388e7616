package io.relman.cli.release;

import io.relman.cli.common.PlanOption;
import io.relman.cli.common.ProgressView;
import io.relman.cli.common.TemporalOptions;
import io.relman.plan.Plan;
import io.relman.release.HistoryRequest;
import io.relman.release.HistoryWorkflow;
import io.relman.release.ReleaseKind;
import io.relman.release.ReleaseRecord;
import io.relman.saga.Compensation;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "history",
        header = "List an environment's releases, newest first, with their undos.",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "List an environment's releases, newest first, from relman's own database: who, when,",
            "version, outcome, the backup taken, and what was undone. It outlives Temporal's retention.",
            "The first release on a stack relman did not make also records what ran before it (kind",
            "baseline), which relman rollback can go back to."
        },
        footer = {"", "Example:", "  relman history --env demo --limit 5"})
public final class HistoryCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final String ROW = "%-19s  %-9s  %-18s  %-9s  %-20s  %8s  %s";
    /** The worker answers in milliseconds; a run still open after this has no worker to answer it. */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

    @Option(names = "--env", required = true, paramLabel = "ENV", description = "Environment of the plan.")
    String environment;

    @Option(
            names = "--limit",
            defaultValue = "20",
            description = "At most this many releases (default: ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    PlanOption plan;

    @Mixin
    TemporalOptions temporal;

    /**
     * The newest release records of an environment, through a short History workflow on the worker
     * (Temporal is what the CLI reaches; relman's database stays private to the workers).
     */
    static List<ReleaseRecord> read(
            WorkflowClient client, TemporalOptions temporal, String project, String environment, int limit) {
        return temporal.ask(
                "history-" + project + "-" + environment,
                "Read the release history of " + project + " " + environment,
                ANSWER_WITHIN,
                client,
                options -> client.newWorkflowStub(HistoryWorkflow.class, options)
                        .history(new HistoryRequest(project, environment, limit)));
    }

    @Override
    public Integer call() {
        Plan loaded = plan.load();
        WorkflowClient client = temporal.connect();
        List<ReleaseRecord> releases = read(client, temporal, loaded.project(), environment, limit);
        if (releases.isEmpty()) {
            System.out.println("No release of " + loaded.project() + " to " + environment + " is recorded.");
            return 0;
        }
        lines(releases).forEach(System.out::println);
        return 0;
    }

    /** The table: a line per record, then why it failed, what was undone, or what a baseline holds. */
    static List<String> lines(List<ReleaseRecord> releases) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(ROW, "STARTED (UTC)", "KIND", "VERSION", "OUTCOME", "BY", "TOOK", "BACKUP"));
        for (ReleaseRecord release : releases) {
            boolean baseline = release.kind() == ReleaseKind.BASELINE;
            lines.add(String.format(
                    ROW,
                    TIME.format(Instant.ofEpochMilli(release.startedAtMillis())),
                    release.kind(),
                    release.version(),
                    baseline ? "adopted" : release.outcome(),
                    release.requestedBy(),
                    baseline ? "-" : ProgressView.seconds(release.finishedAtMillis() - release.startedAtMillis()),
                    release.backup() == null ? "-" : release.backup().id()));
            if (baseline) {
                lines.add("    adopted before the first release"
                        + (release.backup() == null
                                ? ""
                                : " (backup " + release.backup().id() + ")")
                        + (release.adopted() == null
                                ? ""
                                : ": " + release.adopted().describe())
                        + "; relman rollback --to " + release.version() + " returns to it");
            }
            if (release.failure() != null) {
                List<String> why = release.failure()
                        .lines()
                        .map(String::strip)
                        .filter(line -> !line.isEmpty())
                        .toList();
                lines.add("    why: " + why.get(0) + (why.size() > 1 ? " " + why.get(why.size() - 1) : ""));
            }
            for (Compensation undo : release.compensations()) {
                lines.add("    undo " + undo.line());
            }
        }
        return lines;
    }
}
