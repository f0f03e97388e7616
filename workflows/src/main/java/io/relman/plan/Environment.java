package io.relman.plan;

import java.util.List;
import java.util.Map;

/**
 * One place a stack runs: the host whose docker engine runs it, its docker network, its load
 * balancer, its database, and the environment variables that differ from one environment to the next.
 *
 * @param host where the stack runs: {@link #LOCAL_HOST}, the docker engine of the worker's own machine,
 *     or the name of one of {@code hosts}
 * @param hosts the machines the worker reaches over SSH, by their names in the plan
 * @param spread how replicas spread over several of the hosts, or null: all on {@code host}
 * @param approval a manual approval its releases wait for, or null
 * @param minFreeDiskBytes a release starts only with this much free disk under the engine's data
 *     directory and under the backup directory
 * @param loadBalancer the nginx in front of the services with a port, or null when none has one
 * @param database the stack's PostgreSQL, or null when relman should touch no database (then no backup,
 *     no migration)
 * @param steps the order of a release's steps, as the plan names them ({@link ReleaseStep}); null means
 *     {@link ReleaseSteps#DEFAULT}, without backup and migrate when there is no database
 * @param webhooks its {@code notify}: the webhooks told of its runs' events; empty: none (plans recorded before it have null)
 * @param maintenance the page nginx answers with while a release's steps it covers run, or a restore holds the
 *     traffic; null: none (then a restore's nginx answers 502 meanwhile)
 */
public record Environment(
        String name,
        String host,
        Map<String, Host> hosts,
        Spread spread,
        String network,
        LoadBalancer loadBalancer,
        Database database,
        Map<String, String> env,
        ApprovalGate approval,
        long minFreeDiskBytes,
        List<String> steps,
        List<Webhook> webhooks,
        Maintenance maintenance) {
    public static final String LOCAL_HOST = "local";
    /** Room for an image build, a dump and the kept containers' logs on a small stack. */
    public static final long DEFAULT_MIN_FREE_DISK_BYTES = 1L << 30;

    public Environment {
        env = env == null ? Map.of() : Map.copyOf(env);
        hosts = hosts == null ? Map.of() : Map.copyOf(hosts);
        steps = steps == null
                ? ReleaseSteps.names(database == null ? ReleaseSteps.WITHOUT_DATABASE : ReleaseSteps.DEFAULT)
                : List.copyOf(steps);
        webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
    }

    /**
     * The page {@code service}'s traffic gets here: the environment's, as the service's own {@code maintenance}
     * changes it; null for a service nginx sends no traffic to, or when there is no page for it.
     */
    public Maintenance maintenanceOf(Service service) {
        if (!service.servesTraffic()) {
            return null;
        }
        return service.maintenance() == null
                ? maintenance
                : service.maintenance().over(maintenance);
    }

    /** The host whose docker engine runs this environment's containers (local in plans recorded before hosts). */
    public Host engineHost() {
        return host == null ? Host.LOCAL : hostNamed(host);
    }

    /**
     * The host whose engine runs the database's container (dumps, restores, drills), or null without a
     * database; the environment's host unless the database names another.
     */
    public Host databaseHost() {
        if (database == null) {
            return null;
        }
        return database.host() == null ? engineHost() : hostNamed(database.host());
    }

    /**
     * The host whose engine runs nginx: where upstreams are written, and where probes and validation
     * requests start from. The environment's host unless the load balancer names another.
     */
    public Host loadBalancerHost() {
        return loadBalancer == null || loadBalancer.host() == null ? engineHost() : hostNamed(loadBalancer.host());
    }

    /** The host each backup of its own is copied to ({@code database.backup.copy_to}), or null. */
    public Host backupCopyHost() {
        BackupCopyTarget target = database == null ? null : database.backup().copyTo();
        return target == null ? null : hosts.get(target.host());
    }

    private Host hostNamed(String name) {
        return LOCAL_HOST.equals(name) ? Host.LOCAL : hosts.get(name);
    }

    /** Where replica {@code index} of {@code service}, named {@code name}, runs and is reached. */
    public ReplicaSite replicaSite(Service service, String name, int index) {
        Spread.Placement placement = placementOf(service);
        if (placement == null) {
            return new ReplicaSite(engineHost(), service.servesTraffic() ? name + ":" + service.port() : null, null);
        }
        Host host = hosts.get(placement.hostOf(index));
        Integer port = placement.portOf(index);
        return new ReplicaSite(host, port == null ? null : host.address() + ":" + port, port);
    }

    /** How {@code service}'s replicas spread over the hosts, or null when they all run on {@code host}. */
    public Spread.Placement placementOf(Service service) {
        return spread == null ? null : spread.services().get(service.name());
    }

    /** Whether a release here works on more than one host's replicas. */
    public boolean spreads() {
        return spread != null && !spread.services().isEmpty();
    }

    /** The steps of a release here, in their order. */
    public List<ReleaseStep> releaseSteps() {
        return ReleaseSteps.of(steps);
    }

    /** Whether releases here wait for an approval before {@code step}. */
    public boolean approvalBefore(ReleaseStep step) {
        return approval != null && approval.before().contains(step.planName());
    }
}
