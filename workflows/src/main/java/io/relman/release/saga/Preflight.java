package io.relman.release.saga;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.docker.CurrentReplica;
import io.relman.docker.DockerActivities;
import io.relman.docker.ReplicaFacts;
import io.relman.docker.ReplicaIdentity;
import io.relman.docker.ReplicaSelector;
import io.relman.docker.ReplicaState;
import io.relman.plan.Environment;
import io.relman.plan.Host;
import io.relman.plan.ReleaseStep;
import io.relman.plan.Service;
import io.relman.plan.Spread;
import io.relman.temporal.FailureType;
import io.relman.temporal.RelmanActivityOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The pre-flight step: before anything changes, the engines answer with room ({@link Engines}), and every
 * service's replicas run one known release and are healthy now. It finds the release that runs, which
 * the undo steps go back to. A stack that is not in one known state is refused, changing nothing.
 */
final class Preflight {
    private final Release release;
    private final StackCheck stack;
    private final Environment environment;
    private final Engines engines;
    private final Readiness readiness;

    Preflight(Release release, StackCheck stack) {
        this.release = release;
        this.stack = stack;
        this.environment = release.environment;
        this.engines = new Engines(release);
        this.readiness = new Readiness(release);
    }

    void checkStack() {
        if (release.versions.engineCheck()) {
            engines.check();
        }
        if (release.versions.stackByName()) {
            release.progress.report(
                    ReleaseStep.PREFLIGHT,
                    null,
                    "inspecting the replicas of "
                            + String.join(
                                    ", ",
                                    release.plan.services().stream()
                                            .map(Service::name)
                                            .toList()));
            stack.recordBefore();
        }
        if (release.versions.saga()) {
            for (Service service : release.plan.services()) {
                List<? extends ReplicaFacts> current =
                        release.versions.stackByName() ? byName(service) : byLabels(service);
                inOneKnownState(service, current)
                        .ifPresent(version -> release.previousVersions.put(service.name(), version));
                if (release.versions.checks() && service.servesTraffic()) {
                    probeRunningReplicas(service);
                }
            }
        }
    }

    /**
     * The containers that have the names of the service's replicas, whoever made them; refused, changing
     * nothing, when one is not the replica the plan means (another image, or relman's labels of another
     * project, environment or service).
     */
    private List<ReplicaState> byName(Service service) {
        List<ReplicaState> existing =
                stack.before(service).stream().filter(ReplicaState::exists).toList();
        List<String> strangers = existing.stream()
                .flatMap(
                        found -> ReplicaIdentity.problem(
                                found, release.plan.project(), environment.name(), service.name(), service.image())
                                .stream())
                .toList();
        if (!strangers.isEmpty()) {
            throw FailureType.PREFLIGHT_FAILED.failure(String.join(". ", strangers) + ". Check replica_names and image"
                    + " of " + service.name() + " in " + release.plan.source() + ", or move the container out of the"
                    + " way (docker rename). Nothing was changed.");
        }
        return existing;
    }

    /** Runs recorded before replicas were found by name: relman's own, by its labels. */
    private List<CurrentReplica> byLabels(Service service) {
        release.progress.report(ReleaseStep.PREFLIGHT, service.name(), "inspecting the replicas of " + service.name());
        return stub(DockerActivities.class, RelmanActivityOptions.quick(), "inspect replicas of " + service.name())
                .currentReplicas(new ReplicaSelector(
                        release.host(), release.plan.project(), environment.name(), service.name()));
    }

    /**
     * A service built elsewhere (CI builds and pushes, the deployer deploys) releases an image that must
     * be on the engine already: found now, before anything changes, or the release is refused.
     */
    void requireImagesBuiltElsewhere() {
        for (Service service : release.plan.services()) {
            if (service.build() != null) {
                continue;
            }
            String tag = service.imageAt(release.version());
            String id = null;
            for (Host host : hostsOf(service)) {
                String onHost = stub(
                                DockerActivities.class,
                                RelmanActivityOptions.quick(),
                                "find image " + tag + (environment.spreads() ? " on " + host.name() : ""))
                        .imageId(host, tag);
                String engine = environment.spreads() ? "the engine of " + host.name() : "the engine";
                if (onHost == null) {
                    throw FailureType.PREFLIGHT_FAILED.failure("the image " + tag + " is not on " + engine + ", and"
                            + " the plan builds no image for " + service.name() + ": get it there (docker pull " + tag
                            + ", or docker load from your CI's build), or give the service a build in the plan; then"
                            + " release again. Nothing was changed.");
                }
                if (id != null && !id.equals(onHost)) {
                    throw FailureType.PREFLIGHT_FAILED.failure(tag + " is " + ReplicaState.shortId(onHost) + " on "
                            + host.name() + " but " + ReplicaState.shortId(id) + " on the hosts before it: load the"
                            + " same image on every host of " + service.name() + ", then release again. Nothing was"
                            + " changed.");
                }
                id = onHost;
            }
            release.images.put(service.name(), id);
            release.progress.reportOnce(
                    ReleaseStep.PREFLIGHT,
                    service.name(),
                    tag + " is on the engine (" + ReplicaState.shortId(id) + "), built elsewhere");
        }
    }

    /** The hosts that run {@code service}'s replicas, in the plan's order: the environment's host unless it spreads. */
    private List<Host> hostsOf(Service service) {
        Spread.Placement placement = environment.placementOf(service);
        return placement == null
                ? List.of(release.host())
                : placement.hosts().stream().map(environment.hosts()::get).toList();
    }

    /** A rollback starts only from the release it was asked to leave, so that it undoes what was meant. */
    void requireRunning(String version) {
        for (Map.Entry<String, String> current : release.previousVersions.entrySet()) {
            if (!current.getValue().equals(version)) {
                throw FailureType.PREFLIGHT_FAILED.failure("the replicas of " + current.getKey() + " in "
                        + environment.name() + " run " + current.getValue() + ", not " + version
                        + "; check relman status " + environment.name() + " and roll back again. Nothing was changed.");
            }
        }
    }

    /** The release the service's replicas run now, if any; refuses a service that is not in one known state. */
    private Optional<String> inOneKnownState(Service service, List<? extends ReplicaFacts> current) {
        release.runningBefore.put(
                service.name(), current.stream().map(ReplicaFacts::container).toList());
        List<String> stopped = current.stream()
                .filter(replica -> !replica.running())
                .map(ReplicaFacts::container)
                .toList();
        if (!stopped.isEmpty()) {
            throw FailureType.PREFLIGHT_FAILED.failure(String.join(", ", stopped) + " exist(s) but are stopped: start"
                    + " them (docker start " + String.join(" ", stopped) + ") or remove them, then deploy again."
                    + " Nothing was changed.");
        }
        Map<String, List<String>> byVersion = current.stream()
                .collect(Collectors.groupingBy(
                        ReplicaFacts::version,
                        TreeMap::new,
                        Collectors.mapping(ReplicaFacts::container, Collectors.toList())));
        if (byVersion.size() > 1) {
            throw FailureType.PREFLIGHT_FAILED.failure("the replicas of " + service.name() + " run different releases ("
                    + byVersion + "): an earlier release stopped half-way. Deploy one of those versions first, so"
                    + " that every replica runs it. Nothing was changed.");
        }
        List<String> publishing = current.stream()
                .filter(ReplicaFacts::publishesHostPort)
                .map(ReplicaFacts::container)
                .toList();
        if (service.replacementOrder().overlaps() && release.rollsOut && !publishing.isEmpty()) {
            throw FailureType.PREFLIGHT_FAILED.failure(String.join(", ", publishing) + " publish(es) a host port, and "
                    + service.replacementOrder().planName()
                    + " would run two copies of a replica, which cannot bind one"
                    + " port: set update_order:"
                    + " stop-first for " + service.name() + " in " + release.plan.source() + ", or publish the port"
                    + " from the load balancer only. Nothing was changed.");
        }
        Optional<String> version = byVersion.keySet().stream().findFirst();
        release.progress.report(
                ReleaseStep.PREFLIGHT,
                service.name(),
                current.isEmpty()
                        ? "no replica of " + service.name() + " runs yet: a first deploy"
                        : current.size() + " replica(s) of " + service.name() + " run " + version.get());
        return version;
    }

    /** Every replica that runs must answer its health check now: a release starts from a healthy stack. */
    private void probeRunningReplicas(Service service) {
        List<String> running = release.runningBefore.getOrDefault(service.name(), List.of());
        for (String name : running) {
            readiness.checkNow(service, name);
        }
        if (!running.isEmpty()) {
            release.progress.report(
                    ReleaseStep.PREFLIGHT, service.name(), "every replica of " + service.name() + " is healthy");
        }
    }
}
