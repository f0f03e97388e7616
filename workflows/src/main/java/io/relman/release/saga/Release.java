package io.relman.release.saga;

import io.relman.database.BackupFile;
import io.relman.docker.ContainerNames;
import io.relman.docker.ReplicaState;
import io.relman.plan.Environment;
import io.relman.plan.Host;
import io.relman.plan.Plan;
import io.relman.plan.ReleaseStep;
import io.relman.plan.ReplicaSite;
import io.relman.plan.Service;
import io.relman.release.ReleaseKind;
import io.relman.release.ReleaseRequest;
import io.relman.release.ReplacedReplica;
import io.relman.saga.Compensations;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the steps of one release run share: what was asked and where, the undo steps, the progress,
 * and what the steps found on the way. One per run, on the workflow's thread.
 */
final class Release {
    final ReleaseKind kind;
    final ReleaseRequest request;
    final Plan plan;
    final Environment environment;
    final ReleaseVersions versions;
    final ProgressLog progress;
    final Compensations compensations;
    /** Whether the run replaces replicas (a migration alone does not). */
    final boolean rollsOut;
    /** The replicas of every service that the run replaces. */
    final int replicasTotal;
    /** Service name to the replicas that ran when the release started, from the pre-flight. */
    final Map<String, List<String>> runningBefore = new HashMap<>();
    /** Service name to the release its replicas ran before this one; absent on a first deploy. */
    final Map<String, String> previousVersions = new HashMap<>();
    /** Service name to the id of the image the run releases. */
    final Map<String, String> images = new LinkedHashMap<>();
    /**
     * Service name to what its replicas are created from when not the release's tag: the recorded image's
     * id, when a rollback finds the tag pointed at another image since.
     */
    final Map<String, String> createFrom = new HashMap<>();
    /** Where each replica of the plan runs, by its name. */
    private final Map<String, ReplicaSite> sites = new HashMap<>();
    /** The hosts this run found unreachable, by name: an undo there reports at once, without waiting. */
    final Set<String> lostHosts = new LinkedHashSet<>();
    /** The replicas replaced so far, in order. */
    final List<ReplacedReplica> replaced = new ArrayList<>();
    /** The replicas as the pre-flight saw them (runs that find them by name), or null before it. */
    List<ReplicaState> before;
    /** The backup taken (or relied on) before the release, or null: the way back when a migration cannot be undone. */
    BackupFile backup;

    Release(
            ReleaseKind kind,
            ReleaseRequest request,
            Environment environment,
            ReleaseVersions versions,
            List<ReleaseStep> order,
            ProgressLog progress,
            Compensations compensations) {
        this.kind = kind;
        this.request = request;
        this.plan = request.plan();
        this.environment = environment;
        this.versions = versions;
        this.progress = progress;
        this.compensations = compensations;
        this.rollsOut = order.contains(ReleaseStep.ROLLOUT);
        this.replicasTotal =
                rollsOut ? plan.services().stream().mapToInt(Service::replicas).sum() : 0;
        for (Service service : plan.services()) {
            for (int index = 1; index <= service.replicas(); index++) {
                String name = service.replicaName(plan.project(), environment.name(), index);
                sites.put(name, environment.replicaSite(service, name, index));
            }
        }
    }

    /** The machine that runs replica {@code container} (or its kept copy). */
    Host hostOf(String container) {
        ReplicaSite site = sites.get(container);
        if (site == null && container.endsWith(ContainerNames.KEPT_SUFFIX)) {
            site = sites.get(container.substring(0, container.length() - ContainerNames.KEPT_SUFFIX.length()));
        }
        return site == null ? host() : site.host();
    }

    /** Where the load balancer reaches {@code container} of {@code service}: its site, or its name. */
    String serverOf(Service service, String container) {
        ReplicaSite site = sites.get(container);
        return site == null ? container + ":" + service.port() : site.server();
    }

    /** The port replica {@code container} publishes on its host, or null. */
    Integer publishedPortOf(String container) {
        ReplicaSite site = sites.get(container);
        return site == null ? null : site.publishedPort();
    }

    /** The machine whose docker engine runs the environment. */
    Host host() {
        return environment.engineHost();
    }

    String version() {
        return request.version();
    }

    /** Variables of the service's containers: the service's, then the environment's, which win. */
    Map<String, String> containerEnv(Service service) {
        Map<String, String> env = new HashMap<>(service.env());
        env.putAll(environment.env());
        return env;
    }

    /** The id of this run's workflow: {@code release-PROJECT-ENV}, the label of what it creates. */
    static String workflowId() {
        return Workflow.getInfo().getWorkflowId();
    }
}
