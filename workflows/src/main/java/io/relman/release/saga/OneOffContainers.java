package io.relman.release.saga;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.database.MigrationActivities;
import io.relman.database.MigrationOutcome;
import io.relman.database.MigrationRequest;
import io.relman.docker.ContainerNames;
import io.relman.plan.Service;
import io.relman.saga.Compensations;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The one-off containers of a release: the migrations' and the hooks', each made like a running replica of
 * its service so that the command runs as the app runs (compose's environment, its networks), and removed
 * once the run has its result.
 */
final class OneOffContainers {
    private final Release release;

    OneOffContainers(Release release) {
        this.release = release;
    }

    /**
     * Runs {@code command} in {@code container}, a one-off of the service's image at {@code version}; {@code
     * hook} names the plan's hook it is (and {@code deadline} how long it may run), or is null for a migration. With {@code remove}, the container is then
     * removed in a step of its own: its exit code is in the history by then, so a retry never runs the command
     * a second time.
     */
    MigrationOutcome run(
            Service service,
            String version,
            String container,
            List<String> command,
            String hook,
            Duration deadline,
            ActivityOptions options,
            String summary,
            boolean remove) {
        try {
            return stub(MigrationActivities.class, options, summary)
                    .run(new MigrationRequest(
                            release.host(),
                            container,
                            service.imageAt(version),
                            release.environment.network(),
                            command,
                            release.containerEnv(service),
                            service.secretEnv(),
                            Map.of(
                                    ContainerNames.LABEL_PROJECT, release.plan.project(),
                                    ContainerNames.LABEL_VERSION, version,
                                    ContainerNames.LABEL_RELEASE, Release.workflowId()),
                            replicaToCopy(service),
                            hook,
                            deadline));
        } finally {
            if (remove) {
                // Also after a failure or an abort: the container is evidence only until the run has its result.
                // A removal that fails is reported, never taken for the command's own outcome.
                Workflow.newDetachedCancellationScope(() -> {
                            try {
                                stub(
                                                MigrationActivities.class,
                                                RelmanActivityOptions.compensating(RelmanActivityOptions.quick()),
                                                "remove " + container)
                                        .remove(release.host(), container);
                            } catch (ActivityFailure notRemoved) {
                                release.progress.report(
                                        release.progress.progress().step(),
                                        service.name(),
                                        container + " could not be removed (" + Compensations.shortMessage(notRemoved)
                                                + "); remove it with docker rm -f " + container);
                            }
                        })
                        .run();
            }
        }
    }

    /** Where the container's configuration comes from, as the progress says it. */
    String origin(Service service) {
        String replica = replicaToCopy(service);
        if (replica == null
                && !release.runningBefore
                        .getOrDefault(service.name(), List.of())
                        .isEmpty()) {
            // Replicas spread over hosts, none on the one the migration runs on: their networks are not there.
            return "(from the plan alone: no replica runs on " + release.host().name() + ")";
        }
        return MigrationRequest.origin(replica);
    }

    /**
     * The replica whose configuration the container is made like: the first of the service's replicas the
     * pre-flight found running on the environment's host, where the container runs; null when none ran
     * there (a first deploy), and the container is then made from the plan alone. Known from the pre-flight,
     * so choosing it adds no command to the run.
     */
    private String replicaToCopy(Service service) {
        String engine = release.host().name();
        return release.runningBefore.getOrDefault(service.name(), List.of()).stream()
                .filter(replica -> release.hostOf(replica).name().equals(engine))
                .findFirst()
                .orElse(null);
    }
}
