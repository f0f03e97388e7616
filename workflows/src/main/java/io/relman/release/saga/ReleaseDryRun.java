package io.relman.release.saga;

import io.relman.database.BackupFile;
import io.relman.docker.ContainerNames;
import io.relman.maintenance.MaintenancePage;
import io.relman.plan.Durations;
import io.relman.plan.Environment;
import io.relman.plan.Hook;
import io.relman.plan.HookPhase;
import io.relman.plan.Maintenance;
import io.relman.plan.Plan;
import io.relman.plan.ReleaseStep;
import io.relman.plan.ReleaseSteps;
import io.relman.plan.Service;
import io.relman.release.ReleaseKind;
import io.relman.temporal.RelmanTemporal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What {@code relman deploy --dry-run} (and {@code migrate} and {@code rollback --dry-run}) prints: the
 * steps the run would take, in its order, as each {@link Step} says it, the containers it would touch, and
 * how it would undo them; from the plan alone, so it changes nothing and needs no server.
 */
public final class ReleaseDryRun {
    final ReleaseKind kind;
    final Plan plan;
    final Environment environment;
    final String version;
    /** A rollback's: the release it leaves, and the backup it restores instead of migrating down (or null). */
    final String from;

    final BackupFile restoreFrom;

    private final List<String> lines = new ArrayList<>();
    private final Set<String> touched = new LinkedHashSet<>();
    private int step;

    private ReleaseDryRun(
            ReleaseKind kind, Plan plan, Environment environment, String version, String from, BackupFile restoreFrom) {
        this.kind = kind;
        this.plan = plan;
        this.environment = environment;
        this.version = version;
        this.from = from;
        this.restoreFrom = restoreFrom;
    }

    /** A deploy's dry run, or a migration alone's. */
    public static List<String> describe(Plan plan, Environment environment, String version, boolean migrationOnly) {
        ReleaseKind kind = migrationOnly ? ReleaseKind.MIGRATION : ReleaseKind.DEPLOY;
        ReleaseDryRun dry = new ReleaseDryRun(kind, plan, environment, version, null, null);
        dry.lines.add("Dry run: " + (migrationOnly ? "migration of " : "deploy ") + plan.project() + " " + version
                + " to " + environment.name() + dry.asWorkflow());
        dry.steps();
        dry.add("record the " + (migrationOnly ? "migration" : "release") + " in relman's database");
        dry.lines.add("Containers it would touch:");
        dry.touched.forEach(container -> dry.lines.add("  " + container));
        dry.lines.add("If a step fails (or on relman abort " + environment.name() + "), it undoes newest first: "
                + dry.undone() + ".");
        return dry.lines;
    }

    /**
     * A rollback's dry run, from {@code from} to {@code version}, restoring {@code restoreFrom} (or null);
     * {@code toBaseline} when {@code version} is what ran before relman's first release.
     */
    public static List<String> rollback(
            Plan plan,
            Environment environment,
            String from,
            String version,
            BackupFile restoreFrom,
            boolean toBaseline) {
        ReleaseDryRun dry = new ReleaseDryRun(ReleaseKind.ROLLBACK, plan, environment, version, from, restoreFrom);
        dry.lines.add("Dry run: rollback of " + plan.project() + " on " + environment.name() + " from " + from + " to "
                + version + (toBaseline ? ", what ran before relman's first release there" : "") + dry.asWorkflow());
        dry.steps();
        dry.add("record the rollback; on a failure, undo newest first (" + dry.undone() + ")");
        return dry.lines;
    }

    private String asWorkflow() {
        return " (as workflow " + RelmanTemporal.releaseWorkflowId(plan.project(), environment.name())
                + "). Nothing is changed.";
    }

    /** The run's steps, each after the approval gate before it; the maintenance page around those it covers. */
    private void steps() {
        List<ReleaseStep> order = order(environment.releaseSteps());
        Map<Service, List<ReleaseStep>> covered = MaintenanceWindow.coveredByService(plan, environment, order);
        for (ReleaseStep name : order) {
            Step step = Step.of(name);
            if (back()) {
                // One line a step; it does not show the gates yet, although the run holds at them.
                pageUp(covered, name);
                add(step.describeBack(this));
            } else {
                if (environment.approvalBefore(name)) {
                    add("wait for relman approve " + environment.name() + " before " + name + " (at most "
                            + Durations.text(environment.approval().timeout()) + ")");
                }
                pageUp(covered, name);
                step.describe(this);
            }
            step.hooksAfter().ifPresent(this::hooks);
            List<String> ending = servicesWhose(covered, steps -> steps.get(steps.size() - 1) == name);
            if (!ending.isEmpty()) {
                add("take the maintenance page down: the traffic of " + String.join(", ", ending)
                        + " goes back to the replicas");
            }
        }
    }

    /** The lines that put maintenance pages up, before the first step each covers (after that step's gate). */
    private void pageUp(Map<Service, List<ReleaseStep>> covered, ReleaseStep name) {
        covered.forEach((service, steps) -> {
            if (steps.get(0) != name) {
                return;
            }
            Maintenance maintenance = environment.maintenanceOf(service);
            String container = MaintenancePage.containerOf(plan.project(), environment, service);
            add("put the maintenance page up for " + service.name() + ": it gets 503 with Retry-After: "
                    + maintenance.retryAfter().toSeconds() + " from relman's container " + container + ", until "
                    + steps.get(steps.size() - 1) + " is done (undone last if a step fails)");
            touch(container + " (maintenance page)");
        });
    }

    private static List<String> servicesWhose(
            Map<Service, List<ReleaseStep>> covered, Predicate<List<ReleaseStep>> steps) {
        return covered.entrySet().stream()
                .filter(entry -> steps.test(entry.getValue()))
                .map(entry -> entry.getKey().name())
                .toList();
    }

    /** The order of this kind of run, from the steps the plan orders. */
    private List<ReleaseStep> order(List<ReleaseStep> planned) {
        return switch (kind) {
            case MIGRATION -> MigrationWorkflowImpl.order(planned);
            case ROLLBACK -> ReleaseSteps.forRollback(planned);
            default -> planned;
        };
    }

    /**
     * What an undo puts back, newest first in the default order, whatever order the plan gives; then the
     * {@code on_undo} hooks.
     */
    private String undone() {
        List<ReleaseStep> steps = new ArrayList<>(order(ReleaseSteps.DEFAULT));
        Collections.reverse(steps);
        List<String> undone = new ArrayList<>(steps.stream()
                .map(name -> Step.of(name).undo(this))
                .filter(Objects::nonNull)
                .toList());
        for (Service service : plan.services()) {
            for (Hook hook : service.hooks().at(HookPhase.ON_UNDO)) {
                undone.add("then " + hook.describe(HookPhase.ON_UNDO) + " of " + service.name() + ": `"
                        + String.join(" ", hook.run()) + "` in a one-off container of the image that runs again"
                        + limits(hook));
            }
        }
        return String.join(", ", undone);
    }

    /**
     * A line for each hook of {@code phase} after a step, services in the plan's order: in a one-off container,
     * or in the new replica it names (touched by the rollout already).
     */
    private void hooks(HookPhase phase) {
        for (Service service : plan.services()) {
            for (Hook hook : service.hooks().at(phase)) {
                String where;
                if (hook.in() == null) {
                    where = "a one-off container of " + service.imageAt(version);
                    touch(ContainerNames.hook(
                                    plan.project(), environment.name(), service.name(), hook.name(), version, "RUN", 1)
                            + " (one-off)");
                } else {
                    where = "replica " + service.replicaName(plan.project(), environment.name(), hook.in())
                            + " (docker exec)";
                }
                add("run " + hook.describe(phase) + " of " + service.name() + ": `"
                        + String.join(" ", hook.command(version)) + "` in " + where + limits(hook)
                        + "; if it fails, the release is undone");
            }
        }
    }

    /** What a replica's line says of its {@code before_traffic} hooks: run in it before it gets traffic. */
    String beforeTraffic(Service service) {
        StringBuilder said = new StringBuilder();
        for (Hook hook : service.hooks().at(HookPhase.BEFORE_TRAFFIC)) {
            said.append(", run ")
                    .append(hook.describe(HookPhase.BEFORE_TRAFFIC))
                    .append(" `")
                    .append(String.join(" ", hook.command(version)))
                    .append("` in it")
                    .append(limits(hook));
        }
        return said.toString();
    }

    private static String limits(Hook hook) {
        String retries = switch (hook.retries()) {
            case 0 -> "no retry";
            case 1 -> "1 retry";
            default -> hook.retries() + " retries";
        };
        return " (deadline " + Durations.text(hook.deadline()) + ", " + retries + ")";
    }

    boolean back() {
        return kind == ReleaseKind.ROLLBACK;
    }

    void add(String line) {
        lines.add(++step + ". " + line);
    }

    void touch(String container) {
        touched.add(container);
    }

    /**
     * What a migration's one-off container of {@code service} is made like, as the run decides it at its
     * pre-flight: a dry run needs no engine, so it says the rule, naming the replicas it looks for.
     */
    String migrationMadeLike(Service service) {
        String engine = environment.engineHost().name();
        List<String> candidates = new ArrayList<>();
        for (int index = 1; index <= service.replicas(); index++) {
            String name = service.replicaName(plan.project(), environment.name(), index);
            if (environment.replicaSite(service, name, index).host().name().equals(engine)) {
                candidates.add(name);
            }
        }
        String fromThePlan = "from the plan alone on network " + environment.network();
        if (candidates.isEmpty()) {
            return fromThePlan + " (no replica of " + service.name() + " runs on " + engine + ")";
        }
        return "made like the first of " + String.join(", ", candidates) + " that runs at the pre-flight (its"
                + " environment, networks, user, working directory and labels; not its ports, aliases or compose's"
                + " labels), with the plan's env and secret_env on top; " + fromThePlan + " if none runs (a first"
                + " deploy)";
    }
}
