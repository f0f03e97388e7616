package io.relman.release.saga;

import static io.relman.release.saga.ActivityStubs.stub;

import io.relman.docker.DockerActivities;
import io.relman.docker.ReplicaQuery;
import io.relman.docker.ReplicaState;
import io.relman.docker.StackComparison;
import io.relman.plan.ReleaseStep;
import io.relman.plan.Service;
import io.relman.release.ReplacedReplica;
import io.relman.temporal.FailureType;
import io.relman.temporal.RelmanActivityOptions;
import java.util.ArrayList;
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

    StackCheck(Release release) {
        this.release = release;
    }

    /** Every replica of every service the plan names, as it is now (the pre-flight's view is kept). */
    List<ReplicaState> inspect(String summary) {
        List<String> names = new ArrayList<>();
        for (Service service : release.plan.services()) {
            names.addAll(names(service));
        }
        return stub(DockerActivities.class, RelmanActivityOptions.quick(), summary)
                .inspectReplicas(new ReplicaQuery(names));
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

    /** How the stack differs, after an undo, from what the pre-flight saw; reported one line each. */
    List<String> sinceBefore() {
        List<String> differences =
                StackComparison.sinceBefore(release.before, inspect("compare the replicas with before the release"));
        differences.forEach(
                difference -> release.progress.report(ReleaseStep.COMPENSATE, null, "NOT as before: " + difference));
        return differences;
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
        release.progress.report(
                release.rollsOut ? ReleaseStep.VALIDATE : ReleaseStep.VERIFY,
                null,
                "compared with" + " the engine: all " + wanted.size() + " replica(s) run " + release.version()
                        + "'s image");
    }
}
