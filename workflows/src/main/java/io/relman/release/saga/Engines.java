package io.relman.release.saga;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.docker.DockerActivities;
import io.relman.docker.EngineCheck;
import io.relman.docker.EngineStatus;
import io.relman.plan.Environment;
import io.relman.plan.Host;
import io.relman.plan.ReleaseStep;
import io.relman.temporal.FailureType;
import io.relman.temporal.RelmanActivityOptions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The pre-flight's look at the Docker engines: the environment's engine and every other host's answer,
 * with room for a release, the plan's secrets and build contexts there, and renames that work.
 */
final class Engines {
    private final Release release;
    private final Environment environment;

    Engines(Release release) {
        this.release = release;
        this.environment = release.environment;
    }

    void check() {
        release.progress.report(
                ReleaseStep.PREFLIGHT,
                null,
                "checking the Docker engine"
                        + (release.host().local() ? "" : " of " + release.host().describe()) + " and the free disk");
        EngineStatus engine = stub(
                        DockerActivities.class, RelmanActivityOptions.quick(), "check the engine and the disk")
                .checkEngine(new EngineCheck(
                        release.host(),
                        environment.database() == null
                                ? null
                                : environment.database().backupDir(),
                        environment.minFreeDiskBytes(),
                        secretsNamed(),
                        release.plan.services().stream()
                                .filter(service -> service.build() != null)
                                .map(service -> service.build().context())
                                .toList()));
        release.progress.report(
                ReleaseStep.PREFLIGHT,
                null,
                "Docker " + engine.version() + " answers"
                        + (release.host().local() ? "" : " on " + release.host().name()) + "; "
                        + (engine.freeBytes() >> 20) + " MB free (at least " + (environment.minFreeDiskBytes() >> 20)
                        + " MB asked)");
        refuseRenamesThatLeaveDnsBehind(engine, release.host());
        checkOtherHosts();
    }

    /** Every worker variable the plan names: the services' secret_env and the database's password_env. */
    private List<String> secretsNamed() {
        TreeSet<String> names = new TreeSet<>();
        release.plan
                .services()
                .forEach(service -> names.addAll(service.secretEnv().values()));
        if (environment.database() != null) {
            names.add(environment.database().passwordEnv());
            if (environment.database().adminPasswordEnv() != null) {
                names.add(environment.database().adminPasswordEnv());
            }
        }
        return List.copyOf(names);
    }

    /**
     * Every other host the release works on (replicas spread there, or the database or nginx runs there):
     * its engine answers, with room for a release.
     */
    private void checkOtherHosts() {
        Set<Host> others = new LinkedHashSet<>();
        if (environment.spreads()) {
            environment
                    .spread()
                    .services()
                    .values()
                    .forEach(placement -> placement.hosts().stream()
                            .map(environment.hosts()::get)
                            .forEach(others::add));
        }
        if (environment.databaseHost() != null) {
            others.add(environment.databaseHost());
        }
        if (environment.loadBalancer() != null) {
            others.add(environment.loadBalancerHost());
        }
        others.remove(release.host());
        for (Host host : others) {
            EngineStatus engine = stub(
                            DockerActivities.class,
                            RelmanActivityOptions.quick(),
                            "check the engine and the disk of " + host.name())
                    .checkEngine(new EngineCheck(host, null, environment.minFreeDiskBytes()));
            release.progress.report(
                    ReleaseStep.PREFLIGHT,
                    null,
                    "Docker " + engine.version() + " answers on " + host.name() + "; " + (engine.freeBytes() >> 20)
                            + " MB free");
            refuseRenamesThatLeaveDnsBehind(engine, host);
        }
    }

    /**
     * Start-first and drain-first rename a running replica, and nginx and the probes find replicas by
     * name: on an engine where that name stays with the renamed container (a swarm node of Docker 20.10),
     * the release would route to a stopped one.
     */
    private void refuseRenamesThatLeaveDnsBehind(EngineStatus engine, Host host) {
        if (!engine.renameLeavesDnsBehind() || !release.rollsOut) {
            return;
        }
        List<String> renaming = release.plan.services().stream()
                .filter(service -> service.replacementOrder().overlaps())
                .map(service ->
                        service.name() + " (" + service.replacementOrder().planName() + ")")
                .toList();
        if (!renaming.isEmpty()) {
            throw FailureType.PREFLIGHT_FAILED.failure("the Docker engine" + (host.local() ? "" : " of " + host.name())
                    + " is a swarm node, and Docker " + engine.version() + " there leaves a renamed running"
                    + " container's DNS name behind, which " + String.join(", ", renaming) + " would rely on: set"
                    + " update_order: stop-first in " + release.plan.source() + ", or release on an engine that"
                    + " is not a swarm node. Nothing was changed.");
        }
    }
}
