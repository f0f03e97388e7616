package io.relman.release.saga;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.docker.ContainerNames;
import io.relman.docker.DockerActivities;
import io.relman.docker.ReplicaQuery;
import io.relman.docker.ReplicaState;
import io.relman.docker.StackComparison;
import io.relman.plan.Host;
import io.relman.plan.ReleaseStep;
import io.relman.plan.Service;
import io.relman.release.ReplacedReplica;
import io.relman.temporal.FailureType;
import io.relman.temporal.RelmanActivityOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stack as the engine has it, replica by replica, under the names the plan gives: seen by the
 * pre-flight, and compared with that after an undo, or with what the plan asked for after a release.
 * What relman says it did rests on these comparisons, never on what it meant to do.
 */
final class StackCheck {
    private final Release release;
    private final UndoMeasures measures;

    StackCheck(Release release) {
        this.release = release;
        this.measures = new UndoMeasures(release);
    }

    /** Every replica of every service the plan names, as it is now. */
    List<ReplicaState> inspect(String summary) {
        return inspect(allNames(), summary);
    }

    /**
     * {@code names} as the engines have them, in that order: one inspection per host that runs some of
     * them (one in all for an environment on one host).
     */
    private List<ReplicaState> inspect(List<String> names, String summary) {
        Map<Host, List<String>> byHost = byHost(names);
        Map<String, ReplicaState> found = new HashMap<>();
        byHost.forEach((host, onHost) -> stub(
                        DockerActivities.class,
                        RelmanActivityOptions.quick(),
                        byHost.size() == 1 ? summary : summary + " on " + host.name())
                .inspectReplicas(new ReplicaQuery(host, onHost))
                .forEach(state -> found.put(state.container(), state)));
        return names.stream().map(found::get).toList();
    }

    /**
     * The pre-flight's view: every replica, kept as {@link Release#before}; refused, changing nothing, when
     * a replica's kept old container runs (relman keeps them stopped; {@code docker-compose up -d} starts
     * them, since they carry compose's labels).
     */
    void recordBefore() {
        List<String> names = allNames();
        List<String> all = new ArrayList<>(names);
        names.forEach(name -> all.add(ContainerNames.kept(name)));
        List<ReplicaState> found = inspect(all, "inspect the replicas");
        release.before = found.subList(0, names.size());
        List<String> revived = found.subList(names.size(), found.size()).stream()
                .filter(ReplicaState::running)
                .map(ReplicaState::container)
                .toList();
        if (!revived.isEmpty()) {
            throw FailureType.PREFLIGHT_FAILED.failure(String.join(", ", revived) + " run(s), but relman keeps the old"
                    + " container of a replica it replaced stopped: something started it (docker-compose up -d does,"
                    + " when relman's kept copy of a compose container is still there; see docs/compose-stacks.md). Put the"
                    + " stack as you want it (docker stop or docker rm the -previous containers), then release"
                    + " again. Nothing was changed.");
        }
        measures.recordBefore();
    }

    /**
     * After a release that compared well: the kept old containers of compose-made replicas go, so that
     * docker compose sees one container per service again (with two, {@code docker-compose up -d} removes
     * the new one and starts the old one). A later rollback needs images, not these containers.
     */
    void removeKeptComposeCopies() {
        List<String> removed = new ArrayList<>();
        byHost(allNames())
                .forEach((host, onHost) -> removed.addAll(stub(
                                DockerActivities.class,
                                RelmanActivityOptions.quick(),
                                "remove the kept copies of compose containers")
                        .removeKeptComposeCopies(new ReplicaQuery(host, onHost))));
        if (!removed.isEmpty()) {
            release.progress.report(
                    ReleaseStep.RECORD,
                    null,
                    release.replicasTotal,
                    release.replicasTotal,
                    release.replicasTotal,
                    "removed " + String.join(", ", removed) + ": docker compose sees one"
                            + " container per service again");
        }
    }

    /** {@code names} by the host that runs them, hosts in the order their first name comes. */
    private Map<Host, List<String>> byHost(List<String> names) {
        Map<Host, List<String>> byHost = new LinkedHashMap<>();
        names.forEach(name -> byHost.computeIfAbsent(release.hostOf(name), host -> new ArrayList<>())
                .add(name));
        return byHost;
    }

    private List<String> allNames() {
        List<String> names = new ArrayList<>();
        for (Service service : release.plan.services()) {
            names.addAll(names(service));
        }
        return names;
    }

    /** The names of {@code service}'s replicas in the environment, from the plan's template. */
    List<String> names(Service service) {
        List<String> names = new ArrayList<>();
        for (int n = 1; n <= service.replicas(); n++) {
            names.add(service.replicaName(release.plan.project(), release.environment.name(), n));
        }
        return names;
    }

    /** What the pre-flight saw of {@code service}'s replicas. */
    List<ReplicaState> before(Service service) {
        List<String> names = names(service);
        return release.before.stream()
                .filter(state -> names.contains(state.container()))
                .toList();
    }

    /**
     * How the stack differs, after an undo, from what the pre-flight saw (the replicas, and what {@link
     * UndoMeasures} measures); reported one line each.
     */
    List<String> sinceBefore() {
        // A lost host cannot be looked at: its replicas are reported as not compared, never as undone.
        List<ReplicaState> reachable = release.before.stream()
                .filter(state -> !release.lostHosts.contains(
                        release.hostOf(state.container()).name()))
                .toList();
        List<String> differences = new ArrayList<>(StackComparison.sinceBefore(
                reachable,
                inspect(
                        reachable.stream().map(ReplicaState::container).toList(),
                        "compare the replicas with before the release")));
        release.before.stream()
                .filter(state -> !reachable.contains(state))
                .forEach(state -> differences.add(state.container() + " on "
                        + release.hostOf(state.container()).name()
                        + " was not compared: the host was lost during the release"));
        differences.addAll(measures.sinceBefore());
        differences.forEach(
                difference -> release.progress.report(ReleaseStep.COMPENSATE, null, "NOT as before: " + difference));
        return differences;
    }

    /**
     * What {@link #sinceBefore} measured, in words, or null when it did not measure all that the run changed
     * (then the undo steps' outcomes say what was undone).
     */
    String comparedWith() {
        return measures.comparedWith();
    }

    /** After the rollout: every replica replaced runs the release's image; a release that does not, fails. */
    void requireAsAsked() {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (ReplacedReplica replaced : release.replaced) {
            wanted.put(replaced.container(), release.images.get(replaced.service()));
        }
        List<String> differences = StackComparison.fromWanted(wanted, inspect("compare the replicas with the plan"));
        if (!differences.isEmpty()) {
            throw FailureType.STACK_MISMATCH.failure(
                    "the stack is not what the release asked for: " + String.join("; ", differences));
        }
        int total = release.replicasTotal;
        release.progress.report(
                release.rollsOut ? ReleaseStep.VALIDATE : ReleaseStep.VERIFY,
                null,
                0,
                total,
                total,
                "compared with the engine: all " + wanted.size() + " replica(s) run " + release.version() + "'s image");
    }
}
