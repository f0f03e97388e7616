package io.relman.release.saga;

import io.relman.access.PlanAccess;
import io.relman.access.PlanAccessCheck;
import io.relman.access.PlanRules;
import io.relman.plan.Environment;
import io.relman.plan.Plan;
import io.relman.plan.ReleaseStep;
import io.relman.release.ReleaseControl;
import io.relman.release.ReleaseFailure;
import io.relman.release.ReleaseKind;
import io.relman.release.ReleaseOutcome;
import io.relman.release.ReleaseProgress;
import io.relman.release.ReleaseRequest;
import io.relman.release.ReleaseResult;
import io.relman.release.RollbackRequest;
import io.relman.saga.Compensations;
import io.relman.temporal.FailureType;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * What the Deploy, Migration and Rollback workflows have in common: the steps run in the order the
 * workflow gives, each registering its undo before it changes anything; when one fails (or the run is
 * aborted), the undo steps run in reverse, and the run is recorded and fails with a report of what was
 * undone. Each step is a {@link Step}, which works in rooms of their own ({@link Preflight}, {@link Backups},
 * {@link Images}, {@link Schema}, {@link ReplicaRollout}, {@link ReleaseHooks}, {@link Validation}); the
 * maintenance page over the steps it covers is {@link MaintenanceWindow}'s; the record is {@link Recording}'s;
 * the signals are {@link ReleaseGates}'; the story is {@link ProgressLog}'s, the webhooks' {@link Notifier}'s;
 * what follows the undo steps is {@link AfterUndo}'s.
 * Workflow code: one instance per run.
 */
abstract class ReleaseSaga implements ReleaseControl {
    /** Since this change, the worker checks every path and secret of the plan before the pre-flight. */
    static final String PLAN_ACCESS_CHANGE = "release-plan-access";

    private final ReleaseKind kind;
    private final Compensations compensations = new Compensations();
    private final ProgressLog progress = new ProgressLog(compensations);
    private final Notifier notifier = new Notifier();
    private final ReleaseGates gates = new ReleaseGates(progress, notifier);

    // The steps, once the run has started.
    Preflight preflight;
    Backups backups;
    Images images;
    Schema schema;
    ReleaseHooks hooks;
    ReplicaRollout rollout;
    Validation validation;
    RestoreAccessCheck restoreAccess;
    /** What a rollback goes back from, or null: the steps run back. */
    RollbackRequest back;

    private Recording recording;
    private StackCheck stack;

    ReleaseSaga(ReleaseKind kind) {
        this.kind = kind;
    }

    /** The steps in the order this kind of run takes them, in the environment the run releases to. */
    abstract List<ReleaseStep> order(Environment environment, ReleaseVersions versions);

    /** The last event of a run that succeeded. */
    String done(Release release) {
        return release.version() + " is live on every replica of " + release.environment.name();
    }

    /** Runs the release and returns what it did, or fails with a {@link ReleaseFailure} after undoing it. */
    final ReleaseResult release(ReleaseRequest request) {
        progress.start();
        ReleaseVersions versions = ReleaseVersions.ofThisRun();
        Plan plan = request.plan();
        if (versions.planChecked()) {
            PlanRules.require(plan); // whoever started the run
        }
        Environment environment = plan.environment(request.environment())
                .orElseThrow(() -> FailureType.PLAN_ERROR.failure(
                        "environment '" + request.environment() + "' is not in " + plan.source()));
        List<ReleaseStep> order = order(environment, versions);
        Release release = new Release(kind, request, environment, versions, order, progress, compensations);
        stack = new StackCheck(release);
        preflight = new Preflight(release, stack);
        backups = new Backups(release);
        images = new Images(release);
        OneOffContainers oneOffs = new OneOffContainers(release);
        Routing routing = new Routing(release);
        MaintenanceWindow maintenance = new MaintenanceWindow(release, routing, order);
        schema = new Schema(release, backups, oneOffs, maintenance::beforeSchemaUndo);
        hooks = new ReleaseHooks(release, oneOffs);
        hooks.registerOnUndo();
        rollout = new ReplicaRollout(release, gates, hooks, routing);
        validation = new Validation(release);
        restoreAccess = new RestoreAccessCheck(release);
        recording = new Recording(release);
        notifier.open(release);
        notifier.send("started");
        try {
            gates.runForward(() -> {
                if (PlanAccessCheck.checkedSince(PLAN_ACCESS_CHANGE)) {
                    // Before any approval gate and the pre-flight: a refusal fails the run, recorded, undoing nothing.
                    PlanAccessCheck.check(PlanAccess.of(plan, environment));
                }
                for (ReleaseStep step : order) {
                    gates.awaitApproval(environment, step, request.version());
                    maintenance.before(step);
                    Step.of(step).run(this, release);
                    maintenance.after(step);
                }
                if (release.rollsOut && versions.stackByName()) {
                    stack.requireAsAsked();
                    stack.removeKeptComposeCopies();
                }
            });
        } catch (TemporalFailure failure) {
            throw undo(release, failure);
        }
        int total = release.replicasTotal;
        progress.report(ReleaseStep.RECORD, null, 0, total, total, "recording the release");
        recording.record(ReleaseOutcome.SUCCEEDED, null);
        progress.report(ReleaseStep.DONE, null, 0, total, total, done(release));
        notifier.send("succeeded");
        return new ReleaseResult(
                environment.name(),
                request.version(),
                release.images,
                release.replaced,
                Workflow.currentTimeMillis() - progress.startedAt());
    }

    /** Undoes what the run did, records it, and gives the failure the run ends with. */
    private ApplicationFailure undo(Release release, TemporalFailure failure) {
        release.lostHosts.addAll(LostHosts.in(failure));
        ReleaseProgress where = progress.progress();
        ReleaseStep failedStep = where.step();
        String abortedBy = gates.abortedBy();
        String reason = kind + " of " + release.version() + " to " + release.environment.name()
                + (abortedBy != null
                        ? " aborted by " + abortedBy + " during " + failedStep
                        : " failed during " + failedStep + ": " + Compensations.rootMessage(failure));
        int done = release.replaced.size();
        int total = release.replicasTotal;
        // The live view gets the first line; the failure itself carries the details (log lines).
        progress.report(
                failedStep,
                where.service(),
                where.replica(),
                done,
                total,
                reason.lines().findFirst().orElse(reason));
        notifier.send("failed", reason, List.of());
        // Undo and record even if this run is being cancelled: an abort must leave the stack as it was.
        AfterUndo after = new AfterUndo(release, stack, recording);
        List<String> differences = new ArrayList<>();
        Workflow.newDetachedCancellationScope(() -> {
                    rollout.stopWatching();
                    if (release.versions.saga()) {
                        compensate();
                    }
                    if (release.before != null) {
                        differences.addAll(after.sinceBefore());
                    }
                    progress.report(ReleaseStep.RECORD, null, 0, done, total, "recording the release as failed");
                    after.recordFailed(reason);
                })
                .run();
        ReleaseFailure details = new ReleaseFailure(
                release.environment.name(),
                release.version(),
                failedStep,
                reason,
                compensations.ran(),
                differences,
                after.compared(),
                after.comparedWith(),
                after.recordFailure());
        progress.report(ReleaseStep.FAILED, null, 0, done, total, after.lastEvent(details));
        notifier.send(details.fullyUndone() ? "undone" : "undo_incomplete", reason, details.compensations());
        return ApplicationFailure.newNonRetryableFailureWithCause(
                reason, FailureType.RELEASE_FAILED.typeName(), failure, details);
    }

    /** Runs the registered undo steps, newest first, reporting each. */
    private void compensate() {
        int total = compensations.pending();
        compensations.runInReverse(
                action -> progress.report(
                        ReleaseStep.COMPENSATE, null, 0, compensations.ran().size(), total, "undoing: " + action),
                undone -> progress.report(
                        ReleaseStep.COMPENSATE, null, 0, compensations.ran().size(), total, undone.line()));
    }

    @Override
    public ReleaseProgress progress() {
        return progress.progress();
    }

    @Override
    public void approve(String by) {
        gates.approve(by);
    }

    @Override
    public void pause(String by) {
        gates.pause(by);
    }

    @Override
    public void resume(String by) {
        gates.resume(by);
    }

    @Override
    public void abort(String by) {
        gates.abort(by);
    }

    /** A deploy's promote: the canary's pause ends. */
    void promoteCanary(String by) {
        gates.promote(by);
    }
}
