package io.relman.release.saga;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.docker.ContainerNames;
import io.relman.hooks.HookActivities;
import io.relman.hooks.HookOutcome;
import io.relman.hooks.ReplicaHookRequest;
import io.relman.plan.Hook;
import io.relman.plan.HookPhase;
import io.relman.plan.Host;
import io.relman.plan.ReleaseStep;
import io.relman.plan.Service;
import io.relman.saga.Compensation;
import io.relman.saga.Compensations;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The plan's hooks ({@link HookPhase}): each one a step of its own in the progress and the history, tried
 * once and again only as often as the plan's {@code retries} say; a hook that fails fails the release, which
 * is then undone. The {@code on_undo} hooks run after the undo, and their failure is reported in it.
 */
final class ReleaseHooks {
    private final Release release;
    private final OneOffContainers oneOffs;

    ReleaseHooks(Release release, OneOffContainers oneOffs) {
        this.release = release;
        this.oneOffs = oneOffs;
    }

    /**
     * Runs every service's hooks of {@code phase}, during {@code step}: in a one-off container of the release's
     * image, or in the new replica an {@code after_rollout} hook names with {@code in}.
     */
    void runAfter(HookPhase phase, ReleaseStep step) {
        for (Service service : release.plan.services()) {
            for (Hook hook : service.hooks().at(phase)) {
                if (hook.in() == null) {
                    runOneOff(service, hook, phase, step);
                } else {
                    runInReplica(service, hook, phase, step);
                }
            }
        }
    }

    private void runOneOff(Service service, Hook hook, HookPhase phase, ReleaseStep step) {
        String what = hook.describe(phase) + " of " + service.name();
        release.progress.report(
                step,
                service.name(),
                "running " + what + ": " + String.join(" ", hook.command(release.version())) + " "
                        + oneOffs.origin(service));
        HookOutcome outcome = oneOff(service, hook, phase, release.version(), step, false);
        release.progress.report(step, service.name(), ran(what, outcome));
    }

    /**
     * Runs the hook in the replica it names, which the rollout just replaced. No Workflow.getVersion guards this
     * branch: only a plan whose hook has {@code in} takes it, and no run recorded before the key existed has one,
     * so a hook without it gives the same commands as before.
     */
    private void runInReplica(Service service, Hook hook, HookPhase phase, ReleaseStep step) {
        String container = service.replicaName(release.plan.project(), release.environment.name(), hook.in());
        String what = hook.describe(phase) + " of " + service.name() + " in " + container;
        release.progress.report(
                step, service.name(), "running " + what + ": " + String.join(" ", hook.command(release.version())));
        HookOutcome outcome = tries(
                hook, what, step, service, attempt -> execIn(release.hostOf(container), container, hook, phase, what));
        release.progress.report(step, service.name(), ran(what, outcome));
    }

    /** Runs the {@code before_traffic} hooks of the replica's service in it, telling {@code report} each outcome. */
    void beforeTraffic(Replica replica, Consumer<String> report) {
        beforeTraffic(replica.service(), replica.host(), replica.name(), report);
    }

    /** The same in {@code container} of {@code service} on {@code host}: a new replica, or a canary. */
    void beforeTraffic(Service service, Host host, String container, Consumer<String> report) {
        for (Hook hook : service.hooks().at(HookPhase.BEFORE_TRAFFIC)) {
            String what = hook.describe(HookPhase.BEFORE_TRAFFIC) + " in " + container;
            report.accept("running " + what + ", before it gets traffic");
            HookOutcome outcome = tries(
                    hook,
                    what,
                    ReleaseStep.ROLLOUT,
                    service,
                    attempt -> execIn(host, container, hook, HookPhase.BEFORE_TRAFFIC, what));
            report.accept(ran(what, outcome));
        }
    }

    /**
     * One try of a hook in a running replica ({@code docker exec}): the activity is tried once, since a try cut
     * off half-way may have run; {@link #tries} does the plan's retries.
     */
    private HookOutcome execIn(Host host, String container, Hook hook, HookPhase phase, String what) {
        return stub(HookActivities.class, RelmanActivityOptions.hook(hook.deadline(), true), what)
                .execIn(new ReplicaHookRequest(
                        host, container, hook.describe(phase), hook.command(release.version()), hook.deadline()));
    }

    /**
     * Registers each service's {@code on_undo} hooks, before any step, so that they run last in an undo: with
     * the image of the release that runs again (the one the pre-flight found), and only when an undo step
     * before them did something.
     */
    void registerOnUndo() {
        for (Service service : release.plan.services()) {
            for (Hook hook : service.hooks().at(HookPhase.ON_UNDO)) {
                String what = hook.describe(HookPhase.ON_UNDO) + " of " + service.name();
                release.compensations.add(ReleaseStep.COMPENSATE, "run the " + what, () -> {
                    // The maintenance page's own undo steps (COMPENSATE) change nothing of the app.
                    if (release.compensations.ran().stream()
                            .noneMatch(undo -> undo.outcome() == Compensation.Outcome.DONE
                                    && undo.step() != ReleaseStep.COMPENSATE)) {
                        throw new Compensations.Skip("no undo step changed anything");
                    }
                    String version = release.previousVersions.get(service.name());
                    if (version == null) {
                        throw new Compensations.Skip("no release of " + service.name() + " ran before this one");
                    }
                    HookOutcome outcome =
                            oneOff(service, hook, HookPhase.ON_UNDO, version, ReleaseStep.COMPENSATE, true);
                    return ran(
                            "`" + String.join(" ", hook.command(version)) + "` with " + service.imageAt(version),
                            outcome);
                });
            }
        }
    }

    private HookOutcome oneOff(
            Service service, Hook hook, HookPhase phase, String version, ReleaseStep step, boolean undoing) {
        String what = hook.describe(phase) + " of " + service.name();
        String run = Workflow.getInfo().getRunId();
        return tries(hook, what, step, service, attempt -> {
            String container = ContainerNames.hook(
                    release.plan.project(),
                    release.environment.name(),
                    service.name(),
                    hook.name(),
                    version,
                    run,
                    attempt);
            var options = RelmanActivityOptions.hook(hook.deadline(), false);
            var outcome = oneOffs.run(
                    service,
                    version,
                    container,
                    hook.command(version),
                    hook.describe(phase),
                    hook.deadline(),
                    undoing ? RelmanActivityOptions.compensating(options) : options,
                    what + " with " + service.imageAt(version),
                    true);
            return new HookOutcome(outcome.exitCode(), outcome.outputTail(), outcome.elapsedMillis());
        });
    }

    /** Tries {@code attempt} once, and again (1 s, 2 s... later) as often as the hook's retries allow. */
    private HookOutcome tries(
            Hook hook, String what, ReleaseStep step, Service service, IntFunction<HookOutcome> attempt) {
        List<String> failures = new ArrayList<>();
        for (int number = 1; ; number++) {
            try {
                return attempt.apply(number);
            } catch (ActivityFailure failure) {
                if (number > hook.retries() || failure.getCause() instanceof CanceledFailure) {
                    throw failure;
                }
                failures.add(Compensations.shortMessage(failure));
                release.progress.report(
                        step,
                        service.name(),
                        what + " failed (try " + number + " of " + (hook.retries() + 1) + "): "
                                + failures.get(failures.size() - 1) + "; trying again in " + number + " s");
                Workflow.sleep(Duration.ofSeconds(number));
            }
        }
    }

    /** The progress line of a hook that ran: its time and the last line it printed. */
    private static String ran(String what, HookOutcome outcome) {
        List<String> lines = outcome.outputTail().strip().lines().toList();
        return what + " ran in " + outcome.elapsedMillis() + " ms"
                + (lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1));
    }
}
