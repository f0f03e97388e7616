package io.relman.access;

import io.relman.plan.Database;
import io.relman.plan.Environment;
import io.relman.plan.Host;
import io.relman.plan.Plan;
import io.relman.plan.Service;
import io.relman.plan.Spread;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a run will touch on the worker's host, for {@link PlanAccessActivities#check}: the names that end up
 * in paths, every SSH host (its bastion is reached through {@link Host#jump()}), the worker variables the
 * plan names, the backup directory and its retention. The worker checks all of it before the run's first
 * effect, whoever started the run (the CLI, a Schedule, the Web UI).
 *
 * @param project the plan's project: part of every backup's file name
 * @param environment the environment's name: part of every backup's file name
 * @param hosts the hosts the run reaches (duplicates allowed); the local engine is skipped
 * @param secrets the worker variables the plan names (secret_env, password_env, admin_password_env,
 *     a webhook's url_env)
 * @param database the environment's database, or null: its backup_dir and retention are checked
 */
public record PlanAccess(
        String project, String environment, List<Host> hosts, List<String> secrets, Database database) {
    public PlanAccess {
        hosts = hosts == null
                ? List.of()
                : hosts.stream().filter(Objects::nonNull).distinct().toList();
        secrets = secrets == null
                ? List.of()
                : secrets.stream().filter(Objects::nonNull).distinct().sorted().toList();
    }

    /** What a run of one environment of {@code plan} touches: every host the environment names. */
    public static PlanAccess of(Plan plan, Environment environment) {
        List<Host> hosts = new ArrayList<>();
        hosts.add(environment.engineHost());
        hosts.addAll(environment.hosts().values());
        List<String> secrets = new ArrayList<>();
        plan.services().stream()
                .filter(service -> !onlyOnHostsWithWorkersOfTheirOwn(environment, service))
                .forEach(service -> secrets.addAll(service.secretEnv().values()));
        environment.webhooks().forEach(webhook -> secrets.add(webhook.urlEnv()));
        return of(plan.project(), environment.name(), hosts, environment.database(), secrets);
    }

    /**
     * Whether every replica of {@code service} runs on a host with a worker of its own: that worker resolves its
     * secrets, and the worker running the workflow need not hold them.
     */
    private static boolean onlyOnHostsWithWorkersOfTheirOwn(Environment environment, Service service) {
        Spread.Placement placement = environment.placementOf(service);
        List<Host> runOn = placement == null
                ? List.of(environment.engineHost())
                : placement.hosts().stream().map(environment.hosts()::get).toList();
        return runOn.stream().allMatch(host -> host != null && host.worker() != null);
    }

    /** What a backup, a drill or a catalog touches: the database's host, and where copies go. */
    public static PlanAccess of(String project, String environment, List<Host> hosts, Database database) {
        return of(project, environment, hosts, database, List.of());
    }

    /** The same, with the other worker variables the run reads: {@code secrets}. */
    public static PlanAccess of(
            String project, String environment, List<Host> hosts, Database database, List<String> secrets) {
        List<String> named = new ArrayList<>(secrets);
        if (database != null) {
            named.add(database.passwordEnv());
            named.add(database.adminPasswordEnv());
        }
        return new PlanAccess(project, environment, hosts, named, database);
    }
}
