package io.relman.release.saga;

import io.relman.database.BackupIds;
import io.relman.docker.ContainerNames;
import io.relman.plan.Build;
import io.relman.plan.Database;
import io.relman.plan.Durations;
import io.relman.plan.Environment;
import io.relman.plan.LoadBalancer;
import io.relman.plan.Plan;
import io.relman.plan.ReleaseStep;
import io.relman.plan.ReleaseSteps;
import io.relman.plan.Service;
import io.relman.plan.UpdateOrder;
import io.relman.temporal.RelmanTemporal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code relman deploy --dry-run} (and {@code migrate --dry-run}) prints: the steps the run would
 * take, in the plan's order, the containers it would touch, and how it would undo them; from the plan
 * alone, so it changes nothing and needs no server.
 */
public final class ReleaseDryRun {
    private final Plan plan;
    private final Environment environment;
    private final String version;
    private final List<String> lines = new ArrayList<>();
    private final Set<String> touched = new LinkedHashSet<>();
    private int step;

    private ReleaseDryRun(Plan plan, Environment environment, String version) {
        this.plan = plan;
        this.environment = environment;
        this.version = version;
    }

    public static List<String> describe(Plan plan, Environment environment, String version, boolean migrationOnly) {
        return new ReleaseDryRun(plan, environment, version).lines(migrationOnly);
    }

    private List<String> lines(boolean migrationOnly) {
        boolean migrates = plan.migrates();
        lines.add("Dry run: " + (migrationOnly ? "migration of " : "deploy ") + plan.project() + " " + version + " to "
                + environment.name() + " (as workflow "
                + RelmanTemporal.releaseWorkflowId(plan.project(), environment.name())
                + "). Nothing is changed.");
        List<ReleaseStep> order =
                migrationOnly ? ReleaseSteps.forMigration(environment.releaseSteps()) : environment.releaseSteps();
        for (ReleaseStep name : order) {
            if (environment.approvalBefore(name)) {
                add("wait for relman approve " + environment.name() + " before " + name + " (at most "
                        + Durations.text(environment.approval().timeout()) + ")");
            }
            switch (name) {
                case PREFLIGHT -> preflight();
                case BACKUP -> backup(migrates);
                case BUILD -> plan.services().forEach(this::build);
                case MIGRATE ->
                    plan.services().stream().filter(s -> s.migration() != null).forEach(this::migrate);
                case ROLLOUT -> plan.services().forEach(this::rollOut);
                case VALIDATE ->
                    plan.services().stream()
                            .filter(s -> !s.validate().isEmpty())
                            .forEach(this::validate);
                default -> throw new IllegalArgumentException("unknown step " + name);
            }
        }
        if (migrationOnly) {
            add("probe every replica that runs now: the running release must stay healthy on the new schema; no replica"
                    + " is replaced");
        }
        add("record the " + (migrationOnly ? "migration" : "release") + " in relman's database");
        lines.add("Containers it would touch:");
        touched.forEach(container -> lines.add("  " + container));
        lines.add("If a step fails (or on relman abort " + environment.name() + "), it undoes newest first"
                + (migrationOnly
                        ? ": the migration is run down with the new image (in a container made the same way), or"
                                + " the backup restored."
                        : ": replaced replicas back on their kept containers"
                                + (migrates
                                        ? ", the migration down with the new image (in a container made the same"
                                                + " way), or the backup restored"
                                        : "")
                                + "."));
        return lines;
    }

    private void preflight() {
        add("pre-flight: the Docker engine answers and " + (environment.minFreeDiskBytes() >> 20) + " MB are free;"
                + " inspect the replicas of "
                + String.join(", ", plan.services().stream().map(Service::name).toList())
                + "; refuse if one is stopped or unhealthy, or they run different releases");
    }

    private void backup(boolean migrates) {
        Database database = environment.database();
        String file = database.backupDir() + "/" + BackupIds.prefix(plan.project(), environment.name()) + "TIME-before-"
                + version + ".dump";
        if (migrates) {
            add("back up database " + database.name() + " (pg_dump in " + database.container() + ") to " + file);
            touched.add(database.container() + " (pg_dump; pg_restore only to undo a migration)");
        } else {
            add("back up database " + database.name() + " to " + file + ", unless a backup in " + database.backupDir()
                    + " is younger than " + Durations.text(database.maxBackupAge()));
            touched.add(database.container() + " (pg_dump, if no recent backup)");
        }
    }

    private void build(Service service) {
        Build build = service.build();
        add(
                build == null
                        ? "use " + service.imageAt(version)
                                + ", built elsewhere (the pre-flight checks it is on the engine)"
                        : "build " + service.imageAt(version) + " from " + build.context() + "/" + build.dockerfile());
    }

    private void migrate(Service service) {
        // The run's id ends the real name; a dry run has none yet.
        String container =
                ContainerNames.migration(plan.project(), environment.name(), service.name(), "up", version, "RUN");
        add("migrate " + service.name() + " up: `"
                + String.join(" ", service.migration().up()) + "` in one-off container " + container + " of "
                + service.imageAt(version) + " " + migrationMadeLike(plan, environment, service));
        touched.add(container + " (one-off)");
    }

    /**
     * What a migration's one-off container of {@code service} is made like, as the run decides it at its
     * pre-flight: a dry run needs no engine, so it says the rule, naming the replicas it looks for.
     */
    public static String migrationMadeLike(Plan plan, Environment environment, Service service) {
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

    private void rollOut(Service service) {
        LoadBalancer lb = environment.loadBalancer();
        if (service.servesTraffic()) {
            touched.add(lb.container() + " (rewrites " + lb.fileOf(service.upstream()) + ", upstream "
                    + service.upstream() + "; nginx -t; reload)");
        }
        String ready = service.servesTraffic()
                ? "probe " + service.healthcheck().path() + " on port " + service.port()
                : "wait until it is up (its Docker HEALTHCHECK, else " + Durations.text(service.minUptime())
                        + " running)";
        ready += " (deadline " + service.healthDeadline().toSeconds() + "s)";
        for (int index = 1; index <= service.replicas(); index++) {
            String name = service.replicaName(plan.project(), environment.name(), index);
            String kept = ContainerNames.kept(name);
            String grace = "grace " + service.stopGracePeriod().toSeconds() + "s";
            String from = service.servesTraffic() ? " from " + lb.container() : "";
            add(
                    service.updateOrder() == UpdateOrder.START_FIRST
                            ? "replace " + name + " start-first: rename it " + kept + " (still "
                                    + (service.servesTraffic() ? "serving" : "running") + "), create " + name + " from "
                                    + service.imageAt(version) + " next to it, " + ready
                                    + (service.servesTraffic()
                                            ? ", add it to " + lb.container() + ", then drain " + kept
                                                    + " and stop it ("
                                            : ", then stop " + kept + " (")
                                    + grace + ")"
                            : service.updateOrder() == UpdateOrder.DRAIN_FIRST
                                    ? "replace " + name + " drain-first: drain it" + from + ", rename it " + kept
                                            + " and stop it (" + grace + ") while " + name + " is created from "
                                            + service.imageAt(version) + ", " + ready + ", return it"
                                    : "replace " + name + ": "
                                            + (service.servesTraffic() ? "drain it" + from + ", " : "")
                                            + "stop it (" + grace + ") and keep it as " + kept + ", create it from "
                                            + service.imageAt(version) + ", " + ready
                                            + (service.servesTraffic() ? ", return it" : ""));
            touched.add(name + " (replaced; the old one kept as " + kept + ")");
        }
    }

    private void validate(Service service) {
        add("validate " + String.join(", ", service.validate()) + " through "
                + environment.loadBalancer().container() + ": each must answer 2xx");
    }

    private void add(String line) {
        lines.add(++step + ". " + line);
    }
}
