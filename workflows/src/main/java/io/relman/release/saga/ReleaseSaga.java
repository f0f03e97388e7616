package io.relman.release.saga;

import io.relman.database.BackupActivities;
import io.relman.database.BackupFile;
import io.relman.database.BackupIds;
import io.relman.database.BackupQuery;
import io.relman.database.DumpRequest;
import io.relman.database.MigrationActivities;
import io.relman.database.MigrationOutcome;
import io.relman.database.MigrationRequest;
import io.relman.database.RestoreRequest;
import io.relman.database.RestoredBackup;
import io.relman.database.StoredBackup;
import io.relman.docker.BuiltImage;
import io.relman.docker.ContainerNames;
import io.relman.docker.CreateReplicaRequest;
import io.relman.docker.CurrentReplica;
import io.relman.docker.DockerActivities;
import io.relman.docker.EngineCheck;
import io.relman.docker.EngineStatus;
import io.relman.docker.ImageBuildRequest;
import io.relman.docker.ReplicaContainer;
import io.relman.docker.ReplicaSelector;
import io.relman.docker.RestoreReplicaRequest;
import io.relman.docker.RestoredReplica;
import io.relman.docker.StopReplicaRequest;
import io.relman.health.EndpointCheck;
import io.relman.health.HealthActivities;
import io.relman.health.HealthProbeRequest;
import io.relman.health.HealthReport;
import io.relman.nginx.LoadBalancerActivities;
import io.relman.nginx.UpstreamUpdate;
import io.relman.plan.Build;
import io.relman.plan.Database;
import io.relman.plan.Durations;
import io.relman.plan.Environment;
import io.relman.plan.HealthCheck;
import io.relman.plan.LoadBalancer;
import io.relman.plan.Migration;
import io.relman.plan.Plan;
import io.relman.plan.ReleaseStep;
import io.relman.plan.ReleaseSteps;
import io.relman.plan.Service;
import io.relman.plan.UpdateOrder;
import io.relman.release.ReleaseActivities;
import io.relman.release.ReleaseEvent;
import io.relman.release.ReleaseFailure;
import io.relman.release.ReleaseKind;
import io.relman.release.ReleaseOutcome;
import io.relman.release.ReleaseProgress;
import io.relman.release.ReleaseRecord;
import io.relman.release.ReleaseRequest;
import io.relman.release.ReleaseResult;
import io.relman.release.ReplacedReplica;
import io.relman.release.RollbackRequest;
import io.relman.saga.Compensations;
import io.relman.temporal.FailureType;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The body of the Deploy, Migration and Rollback workflows: check, back up, build (Rollback: find the
 * earlier images), migrate (Rollback: take the schema back), then (Deploy, Rollback) replace every
 * replica of every service one at a time behind the load balancer and validate the critical endpoints,
 * or (Migration) check that the running replicas stay healthy on the new schema, and record it. It is a saga: each step that changes
 * the stack registers its undo first, and a failure runs the undo steps in reverse (replicas back on
 * the old release, the migration down or the backup restored) before the run is recorded and fails
 * with a report of what was undone. Workflow code: one instance per run, on the workflow's thread.
 */
final class ReleaseSaga {
    /**
     * Runs started before the saga existed replay without pre-flight and undo steps. Version 1 added
     * the pre-flight inspection of the replicas and the undo steps after a failure.
     */
    static final String SAGA_CHANGE = "deploy-saga";

    static final int SAGA = 1;

    /** Version 1 added the backup before the migration, and the restore when its down-migration fails. */
    static final String BACKUP_CHANGE = "deploy-backup";

    static final int BACKUP = 1;

    /**
     * Version 1 added the pre-flight probe of every running replica and, after the rollout, the
     * validation of the plan's critical endpoints through the load balancer.
     */
    static final String CHECKS_CHANGE = "release-checks";

    static final int CHECKS = 1;

    /** Version 1 added the pre-flight check of the engine and of the free disk (the plan's min_free_disk). */
    static final String ENGINE_CHANGE = "release-engine-check";

    static final int ENGINE_CHECK = 1;

    /**
     * Version 1 takes the order of the steps and the approval gates from the plan, runs a rollback's
     * rollout and schema step the other way round from the deploy's, takes a backup before a release
     * without a migration when none is younger than the plan's max_backup_age, and knows start-first.
     */
    static final String STEPS_CHANGE = "release-plan-steps";

    static final int PLAN_STEPS = 1;

    private final DockerActivities docker = stub(DockerActivities.class, RelmanActivityOptions.quick());
    private final LoadBalancerActivities loadBalancer =
            stub(LoadBalancerActivities.class, RelmanActivityOptions.quick());
    private final ReleaseActivities releases = stub(ReleaseActivities.class, RelmanActivityOptions.quick());

    private final List<ReleaseEvent> events = new ArrayList<>();
    private long startedAt;
    private ReleaseProgress progress =
            new ReleaseProgress(ReleaseStep.PREFLIGHT, null, 0, 0, 0, 0, List.of(), List.of());
    private int upstreamGeneration;
    private final ReleaseKind kind;
    private final Compensations compensations = new Compensations();
    /** The forward steps; cancelling it (abort, or cancel in the Web UI) stops them and starts the undo. */
    private CancellationScope forward;
    /** Who approved, in order: approval n opens the run's gate n. */
    private final List<String> approvers = new ArrayList<>();

    private int gatesPassed;
    private String pausedBy;
    private String abortedBy;
    private boolean stepsFinished;
    /** A rollback's: the release it leaves, and the backup to restore instead of migrating down (or null). */
    private String rollbackFrom;

    private BackupFile restoreFrom;
    /** The backup taken before the migration, or null: the way back when the migration cannot be undone. */
    private BackupFile backup;

    /** Service name to the replicas that ran when the release started, from the pre-flight. */
    private final Map<String, List<String>> runningBefore = new HashMap<>();

    ReleaseSaga(ReleaseKind kind) {
        this.kind = kind;
    }

    public ReleaseProgress progress() {
        return progress;
    }

    /**
     * Opens the gate the run waits at, or else the next one; an approval sent twice before a gate (a
     * retried command, two operators) does not open the gate after it.
     */
    public void approve(String by) {
        if (approvers.size() > gatesPassed) {
            reportWhereItIs("approval by " + by + " ignored: " + approvers.get(gatesPassed)
                    + " already approved the next" + " gate");
            return;
        }
        approvers.add(by);
    }

    public void pause(String by) {
        pausedBy = by;
        reportWhereItIs("pause requested by " + by + ": the rollout holds before its next replica");
    }

    public void resume(String by) {
        if (pausedBy != null) {
            pausedBy = null;
            reportWhereItIs("resumed by " + by);
        }
    }

    public void abort(String by) {
        if (abortedBy != null) {
            return;
        }
        abortedBy = by;
        reportWhereItIs("abort requested by " + by
                + (stepsFinished ? ": too late, every step has run" : ": stopping, then undoing what was done"));
        if (forward != null && !stepsFinished) {
            forward.cancel("aborted by " + by);
        }
    }

    ReleaseResult rollback(RollbackRequest request) {
        rollbackFrom = request.fromVersion();
        restoreFrom = request.restoreDatabaseFrom();
        return run(request.release());
    }

    ReleaseResult run(ReleaseRequest request) {
        startedAt = Workflow.currentTimeMillis();
        boolean saga = Workflow.getVersion(SAGA_CHANGE, Workflow.DEFAULT_VERSION, SAGA) == SAGA;
        boolean backups = saga && Workflow.getVersion(BACKUP_CHANGE, Workflow.DEFAULT_VERSION, BACKUP) == BACKUP;
        boolean checks = backups && Workflow.getVersion(CHECKS_CHANGE, Workflow.DEFAULT_VERSION, CHECKS) == CHECKS;
        boolean engineCheck =
                checks && Workflow.getVersion(ENGINE_CHANGE, Workflow.DEFAULT_VERSION, ENGINE_CHECK) == ENGINE_CHECK;
        Plan plan = request.plan();
        Environment environment = plan.environment(request.environment())
                .orElseThrow(() -> FailureType.PLAN_ERROR.failure(
                        "environment '" + request.environment() + "' is not in " + plan.source()));
        Map<String, String> images = new LinkedHashMap<>();
        // Service name to the release its replicas ran before this one; absent on a first deploy.
        Map<String, String> previousVersions = new HashMap<>();
        List<ReplacedReplica> replaced = new ArrayList<>();
        int replicasTotal = kind != ReleaseKind.MIGRATION
                ? plan.services().stream().mapToInt(Service::replicas).sum()
                : 0;
        boolean planSteps =
                engineCheck && Workflow.getVersion(STEPS_CHANGE, Workflow.DEFAULT_VERSION, PLAN_STEPS) == PLAN_STEPS;
        List<ReleaseStep> order = switch (kind) {
            case DEPLOY -> planSteps ? environment.releaseSteps() : ReleaseSteps.DEFAULT;
            case MIGRATION -> ReleaseSteps.forMigration(planSteps ? environment.releaseSteps() : ReleaseSteps.DEFAULT);
            case ROLLBACK -> planSteps ? ReleaseSteps.forRollback(environment.releaseSteps()) : ReleaseSteps.DEFAULT;
        };
        try {
            forward = Workflow.newCancellationScope(() -> {
                for (ReleaseStep step : order) {
                    awaitApproval(environment, step, request.version());
                    switch (step) {
                        case PREFLIGHT -> {
                            if (engineCheck) {
                                checkEngine(environment);
                            }
                            if (saga) {
                                for (Service service : plan.services()) {
                                    preflight(plan, environment, service)
                                            .ifPresent(version -> previousVersions.put(service.name(), version));
                                    if (checks) {
                                        probeRunningReplicas(environment, service);
                                    }
                                }
                            }
                            if (kind == ReleaseKind.ROLLBACK) {
                                checkRollingBackFrom(environment, previousVersions);
                            }
                        }
                        case BACKUP -> {
                            if (backups && (restoreFrom != null || plan.migrates())) {
                                backup = backUp(plan, environment, request.version());
                            } else if (planSteps) {
                                backup = recentBackup(plan, environment, request.version());
                            }
                        }
                        case BUILD -> {
                            for (Service service : plan.services()) {
                                images.put(
                                        service.name(),
                                        kind == ReleaseKind.ROLLBACK
                                                ? existingImage(service, request.version())
                                                : buildImage(plan, service, request.version())
                                                        .imageId());
                            }
                        }
                        case MIGRATE -> {
                            if (kind == ReleaseKind.ROLLBACK) {
                                schemaBack(plan, environment, rollbackFrom, request.version());
                            } else {
                                for (Service service : plan.services()) {
                                    if (service.migration() != null) {
                                        migrate(
                                                plan,
                                                environment,
                                                service,
                                                request.version(),
                                                previousVersions.get(service.name()));
                                    }
                                }
                            }
                        }
                        case ROLLOUT -> {
                            for (Service service : plan.services()) {
                                rollOut(
                                        plan,
                                        environment,
                                        service,
                                        request,
                                        previousVersions.get(service.name()),
                                        replaced,
                                        replicasTotal);
                            }
                        }
                        case VALIDATE -> {
                            if (checks) {
                                validateEndpoints(environment, plan, replicasTotal);
                            }
                        }
                        default -> throw new IllegalStateException(step + " is not a step a plan orders");
                    }
                }
                if (kind == ReleaseKind.MIGRATION) {
                    verifyRunningReplicas(environment, plan);
                }
            });
            if (abortedBy != null) {
                forward.cancel("aborted by " + abortedBy); // aborted before the first step began
            }
            forward.run();
            stepsFinished = true;
        } catch (TemporalFailure failure) {
            ReleaseStep failedStep = progress.step();
            String reason = kind + " of " + request.version() + " to " + environment.name()
                    + (abortedBy != null
                            ? " aborted by " + abortedBy + " during " + failedStep
                            : " failed during " + failedStep + ": " + Compensations.rootMessage(failure));
            // The live view gets the first line; the failure itself carries the details (log lines).
            report(
                    failedStep,
                    progress.service(),
                    progress.replica(),
                    replaced.size(),
                    replicasTotal,
                    reason.lines().findFirst().orElse(reason));
            // Undo and record even if this run is being cancelled: an abort must leave the stack as it was.
            Workflow.newDetachedCancellationScope(() -> {
                        if (saga) {
                            compensate();
                        }
                        report(
                                ReleaseStep.RECORD,
                                null,
                                0,
                                replaced.size(),
                                replicasTotal,
                                "recording the release as failed");
                        releases.record(record(plan, request, startedAt, ReleaseOutcome.FAILED, images, reason));
                    })
                    .run();
            ReleaseFailure details =
                    new ReleaseFailure(environment.name(), request.version(), failedStep, reason, compensations.ran());
            report(
                    ReleaseStep.FAILED,
                    null,
                    0,
                    replaced.size(),
                    replicasTotal,
                    "release recorded as failed"
                            + (details.compensations().isEmpty()
                                    ? ""
                                    : details.fullyUndone()
                                            ? "; every change was undone"
                                            : "; some changes could NOT be undone, see above"));
            throw ApplicationFailure.newNonRetryableFailureWithCause(
                    reason, FailureType.RELEASE_FAILED.typeName(), failure, details);
        }
        report(ReleaseStep.RECORD, null, 0, replicasTotal, replicasTotal, "recording the release");
        releases.record(record(plan, request, startedAt, ReleaseOutcome.SUCCEEDED, images, null));
        report(
                ReleaseStep.DONE,
                null,
                0,
                replicasTotal,
                replicasTotal,
                kind != ReleaseKind.MIGRATION
                        ? request.version() + " is live on every replica of " + environment.name()
                        : "the database of " + environment.name() + " is migrated for " + request.version()
                                + ", and the replicas running there stayed healthy");
        return new ReleaseResult(
                environment.name(), request.version(), images, replaced, Workflow.currentTimeMillis() - startedAt);
    }

    /**
     * Refuses a stack that is not in one known state, before anything is changed; returns the release
     * the service's replicas run now, if any.
     */
    private Optional<String> preflight(Plan plan, Environment environment, Service service) {
        report(ReleaseStep.PREFLIGHT, service.name(), 0, 0, 0, "inspecting the replicas of " + service.name());
        List<CurrentReplica> current = stub(
                        DockerActivities.class, RelmanActivityOptions.quick(), "inspect replicas of " + service.name())
                .currentReplicas(new ReplicaSelector(plan.project(), environment.name(), service.name()));
        runningBefore.put(
                service.name(), current.stream().map(CurrentReplica::container).toList());
        List<String> stopped = current.stream()
                .filter(replica -> !replica.running())
                .map(CurrentReplica::container)
                .toList();
        if (!stopped.isEmpty()) {
            throw FailureType.PREFLIGHT_FAILED.failure(String.join(", ", stopped) + " exist(s) but are stopped: start"
                    + " them (docker start " + String.join(" ", stopped)
                    + ") or remove them, then deploy again."
                    + " Nothing was changed.");
        }
        Map<String, List<String>> byVersion = current.stream()
                .collect(Collectors.groupingBy(
                        CurrentReplica::version,
                        TreeMap::new,
                        Collectors.mapping(CurrentReplica::container, Collectors.toList())));
        if (byVersion.size() > 1) {
            throw FailureType.PREFLIGHT_FAILED.failure("the replicas of " + service.name() + " run different releases ("
                    + byVersion
                    + "): an earlier release stopped half-way. Deploy one of those versions first, so that every"
                    + " replica runs it. Nothing was changed.");
        }
        List<String> publishing = current.stream()
                .filter(CurrentReplica::publishesHostPort)
                .map(CurrentReplica::container)
                .toList();
        if (service.updateOrder() == UpdateOrder.START_FIRST
                && kind != ReleaseKind.MIGRATION
                && !publishing.isEmpty()) {
            throw FailureType.PREFLIGHT_FAILED.failure(String.join(", ", publishing) + " publish(es) a host port, and"
                    + " start-first would run two copies of a replica, which cannot bind one port: set update_order: stop-first"
                    + " for " + service.name() + " in " + plan.source()
                    + ", or publish the port from the load balancer only."
                    + " Nothing was changed.");
        }
        Optional<String> version = byVersion.keySet().stream().findFirst();
        report(
                ReleaseStep.PREFLIGHT,
                service.name(),
                0,
                0,
                0,
                current.isEmpty()
                        ? "no replica of " + service.name() + " runs yet: a first deploy"
                        : current.size() + " replica(s) of " + service.name() + " run " + version.get());
        return version;
    }

    /**
     * Holds the release at the plan's approval gate, durably, until {@code relman approve} or the gate's
     * timeout; a timeout fails the release, which undoes what it did so far.
     */
    private void awaitApproval(Environment environment, ReleaseStep step, String version) {
        if (!environment.approvalBefore(step)) {
            return;
        }
        Duration timeout = environment.approval().timeout();
        String timeoutText = Durations.text(timeout);
        report(
                ReleaseStep.APPROVAL,
                null,
                0,
                0,
                0,
                "waiting for approval before " + step + " of " + version + ": relman approve " + environment.name()
                        + " (times out after " + timeoutText + ")");
        int gate = gatesPassed;
        if (!Workflow.await(timeout, () -> approvers.size() > gate)) {
            throw FailureType.APPROVAL_TIMED_OUT.failure(
                    "nobody approved the release within " + timeoutText + "; deploy again to ask again");
        }
        gatesPassed++;
        report(ReleaseStep.APPROVAL, null, 0, 0, 0, "approved by " + approvers.get(gate));
    }

    /** Where a pause holds: before a replica is touched, so the stack is never left half-replaced. */
    private void holdWhilePaused(String service, int index, int done, int total, String next) {
        if (pausedBy == null) {
            return;
        }
        report(
                ReleaseStep.ROLLOUT,
                service,
                index,
                done,
                total,
                "paused by " + pausedBy + " before " + next + ": relman resume to go on, relman abort to undo");
        Workflow.await(() -> pausedBy == null);
    }

    /**
     * After a migration alone, the release that runs must still work on the new schema (the expand half
     * of expand/contract): every replica that ran before is probed; one that is not healthy fails the
     * run, which undoes the migration.
     */
    private void verifyRunningReplicas(Environment environment, Plan plan) {
        for (Service service : plan.services()) {
            for (String name : runningBefore.getOrDefault(service.name(), List.of())) {
                report(ReleaseStep.VERIFY, service.name(), 0, 0, 0, "probing " + name + " on the migrated schema");
                HealthReport health = probe(
                        environment,
                        service,
                        name,
                        RelmanActivityOptions.health(service.healthcheck()),
                        "verify " + name + " on the new schema");
                report(
                        ReleaseStep.VERIFY,
                        service.name(),
                        0,
                        0,
                        0,
                        name + " is healthy (after " + health.elapsedMillis() + " ms)");
            }
        }
    }

    private void checkEngine(Environment environment) {
        report(ReleaseStep.PREFLIGHT, null, 0, 0, 0, "checking the Docker engine and the free disk");
        EngineStatus engine = stub(
                        DockerActivities.class, RelmanActivityOptions.quick(), "check the engine and the disk")
                .checkEngine(new EngineCheck(environment.database().backupDir(), environment.minFreeDiskBytes()));
        report(
                ReleaseStep.PREFLIGHT,
                null,
                0,
                0,
                0,
                "Docker " + engine.version() + " answers; " + (engine.freeBytes() >> 20) + " MB free (at least "
                        + (environment.minFreeDiskBytes() >> 20) + " MB asked)");
    }

    /** Every replica that runs must answer its health check now: a release starts from a healthy stack. */
    private void probeRunningReplicas(Environment environment, Service service) {
        for (String name : runningBefore.getOrDefault(service.name(), List.of())) {
            stub(HealthActivities.class, RelmanActivityOptions.quick(), "check " + name + " is healthy")
                    .checkNow(new HealthProbeRequest(
                            environment.loadBalancer().container(), name, service.port(), service.healthcheck()));
        }
        if (!runningBefore.getOrDefault(service.name(), List.of()).isEmpty()) {
            report(
                    ReleaseStep.PREFLIGHT,
                    service.name(),
                    0,
                    0,
                    0,
                    "every replica of " + service.name() + " is healthy");
        }
    }

    /** The plan's critical endpoints, through the load balancer: a release that does not serve them is undone. */
    private void validateEndpoints(Environment environment, Plan plan, int replicasTotal) {
        for (Service service : plan.services()) {
            if (service.validate().isEmpty()) {
                continue;
            }
            report(
                    ReleaseStep.VALIDATE,
                    service.name(),
                    0,
                    replicasTotal,
                    replicasTotal,
                    "requesting " + String.join(", ", service.validate()) + " through "
                            + environment.loadBalancer().container());
            HealthReport answered = stub(
                            HealthActivities.class,
                            RelmanActivityOptions.health(new HealthCheck(
                                    "/",
                                    Duration.ofMillis(500),
                                    HealthCheck.DEFAULT_TIMEOUT,
                                    service.validateDeadline())),
                            "validate " + String.join(", ", service.validate()))
                    .validateEndpoints(new EndpointCheck(
                            environment.loadBalancer().container(),
                            LoadBalancer.LISTEN_PORT,
                            service.validate(),
                            HealthCheck.DEFAULT_TIMEOUT,
                            service.validateDeadline()));
            report(
                    ReleaseStep.VALIDATE,
                    service.name(),
                    0,
                    replicasTotal,
                    replicasTotal,
                    String.join(", ", service.validate()) + " answered 2xx through the load balancer ("
                            + answered.attempts() + " request(s))");
        }
    }

    /** Runs the registered undo steps, newest first, reporting each. */
    private void compensate() {
        int total = compensations.pending();
        compensations.runInReverse(
                action -> report(
                        ReleaseStep.COMPENSATE, null, 0, compensations.ran().size(), total, "undoing: " + action),
                done -> report(
                        ReleaseStep.COMPENSATE, null, 0, compensations.ran().size(), total, done.line()));
    }

    private BuiltImage buildImage(Plan plan, Service service, String version) {
        String tag = service.imageAt(version);
        report(ReleaseStep.BUILD, service.name(), 0, 0, 0, "building " + tag);
        Build build = service.build();
        Map<String, String> args = new HashMap<>();
        build.args().forEach((name, value) -> args.put(name, value.replace(Build.VERSION_PLACEHOLDER, version)));
        BuiltImage image = stub(DockerActivities.class, RelmanActivityOptions.build(), "build " + tag)
                .buildImage(new ImageBuildRequest(
                        tag,
                        build.context(),
                        build.dockerfile(),
                        args,
                        Map.of(ContainerNames.LABEL_PROJECT, plan.project(), ContainerNames.LABEL_VERSION, version)));
        report(ReleaseStep.BUILD, service.name(), 0, 0, 0, "built " + tag + " (" + shortId(image.imageId()) + ")");
        return image;
    }

    private void migrate(Plan plan, Environment environment, Service service, String version, String previousVersion) {
        Migration migration = service.migration();
        String target =
                previousVersion == null ? "the revision before " + version : "what " + previousVersion + " needs";
        compensations.addIfOthersSucceed(
                ReleaseStep.MIGRATE,
                "migrate " + service.name() + " down to " + target,
                () -> undoOrRestore(
                        environment,
                        service,
                        "migrate down",
                        () -> migrateDown(plan, environment, service, version, previousVersion)));
        List<String> up = migration.upCommand(version, previousVersion);
        report(ReleaseStep.MIGRATE, service.name(), 0, 0, 0, "migrating up: " + String.join(" ", up));
        MigrationOutcome outcome =
                runMigration(plan, environment, service, version, "up", up, RelmanActivityOptions.migration());
        report(ReleaseStep.MIGRATE, service.name(), 0, 0, 0, "migrated up in " + outcome.elapsedMillis() + " ms");
    }

    /**
     * Runs {@code undo}; when it has nothing it can do or fails, and a backup was taken before the step,
     * restores the backup instead: the database is then in a state no command knows, and the backup is
     * the way back.
     */
    private String undoOrRestore(Environment environment, Service service, String what, Supplier<String> undo) {
        String problem;
        try {
            return undo.get();
        } catch (Compensations.Skip | TemporalFailure failure) {
            if (backup == null) {
                throw failure;
            }
            problem = failure instanceof Compensations.Skip
                    ? failure.getMessage()
                    : what + " failed: " + Compensations.shortMessage(failure);
        }
        report(ReleaseStep.COMPENSATE, service.name(), 0, 0, 0, problem + "; restoring backup " + backup.id());
        RestoredBackup restored =
                restore(environment, backup, RelmanActivityOptions.compensating(RelmanActivityOptions.backup()));
        return problem + "; restored backup " + backup.id() + " in " + restored.elapsedMillis() + " ms, verified:"
                + " schema and row counts (" + restored.fingerprint().rowCountsText() + ") equal to before";
    }

    private RestoredBackup restore(Environment environment, BackupFile file, ActivityOptions options) {
        return stub(
                        BackupActivities.class,
                        options,
                        "restore " + file.id() + " into "
                                + environment.database().name())
                .restore(new RestoreRequest(environment.database(), file));
    }

    /**
     * A rollback's schema step: back to what {@code target} needs, by the newer release's down command
     * (run with its image) or by restoring the backup the newer release took before it migrated.
     */
    private void schemaBack(Plan plan, Environment environment, String from, String target) {
        if (restoreFrom != null) {
            compensations.addIfOthersSucceed(
                    ReleaseStep.MIGRATE, "put the database back as it was before the rollback", () -> {
                        RestoredBackup restored = restore(
                                environment,
                                backup,
                                RelmanActivityOptions.compensating(RelmanActivityOptions.backup()));
                        return "restored " + backup.id() + " in " + restored.elapsedMillis() + " ms, verified";
                    });
            report(
                    ReleaseStep.MIGRATE,
                    null,
                    0,
                    0,
                    0,
                    "restoring " + restoreFrom.id() + " (taken before " + from + " migrated) into "
                            + environment.database().name());
            RestoredBackup restored = restore(environment, restoreFrom, RelmanActivityOptions.backup());
            report(
                    ReleaseStep.MIGRATE,
                    null,
                    0,
                    0,
                    0,
                    "restored " + restoreFrom.id() + " in " + restored.elapsedMillis()
                            + " ms; verified: schema and row counts ("
                            + restored.fingerprint().rowCountsText() + ") as when dumped");
            return;
        }
        for (Service service : plan.services()) {
            Migration migration = service.migration();
            if (migration == null) {
                continue;
            }
            compensations.addIfOthersSucceed(
                    ReleaseStep.MIGRATE,
                    "migrate " + service.name() + " up again to what " + from + " needs",
                    () -> undoOrRestore(environment, service, "migrate up", () -> {
                        MigrationOutcome up = runMigration(
                                plan,
                                environment,
                                service,
                                from,
                                "up",
                                migration.upCommand(from, target),
                                RelmanActivityOptions.compensating(RelmanActivityOptions.migration()));
                        return "ran `" + String.join(" ", migration.upCommand(from, target)) + "` with "
                                + service.imageAt(from) + " in " + up.elapsedMillis() + " ms";
                    }));
            List<String> down = migration.downCommand(from, target);
            report(
                    ReleaseStep.MIGRATE,
                    service.name(),
                    0,
                    0,
                    0,
                    "migrating down with " + service.imageAt(from) + ": " + String.join(" ", down));
            MigrationOutcome outcome =
                    runMigration(plan, environment, service, from, "down", down, RelmanActivityOptions.migration());
            report(
                    ReleaseStep.MIGRATE,
                    service.name(),
                    0,
                    0,
                    0,
                    "migrated down to what " + target + " needs in " + outcome.elapsedMillis() + " ms");
        }
    }

    /** A rollback builds nothing: the earlier release's image must still be on the worker's engine. */
    private String existingImage(Service service, String version) {
        String tag = service.imageAt(version);
        String id = stub(DockerActivities.class, RelmanActivityOptions.quick(), "find image " + tag)
                .imageId(tag);
        if (id == null) {
            throw FailureType.ROLLBACK_IMPOSSIBLE.failure("the image " + tag + " is no longer on the worker's docker"
                    + " engine; deploy " + version + " instead (it builds the image). Nothing was changed.");
        }
        report(ReleaseStep.BUILD, service.name(), 0, 0, 0, tag + " is there (" + shortId(id) + ")");
        return id;
    }

    /** A rollback starts only from the release it was asked to leave, so that it undoes what was meant. */
    private void checkRollingBackFrom(Environment environment, Map<String, String> currentVersions) {
        for (Map.Entry<String, String> current : currentVersions.entrySet()) {
            if (!current.getValue().equals(rollbackFrom)) {
                throw FailureType.PREFLIGHT_FAILED.failure("the replicas of " + current.getKey() + " in "
                        + environment.name() + " run " + current.getValue() + ", not " + rollbackFrom
                        + "; check relman status "
                        + environment.name() + " and roll back again. Nothing was changed.");
            }
        }
    }

    private String migrateDown(
            Plan plan, Environment environment, Service service, String version, String previousVersion) {
        Migration migration = service.migration();
        if (migration.down().isEmpty()) {
            throw new Compensations.Skip("the plan gives no migration down command for " + service.name());
        }
        if (previousVersion == null && migration.downNeedsPreviousVersion()) {
            throw new Compensations.Skip(
                    "no release ran before " + version + ", so there is no revision to go back to");
        }
        MigrationOutcome down = runMigration(
                plan,
                environment,
                service,
                version,
                "down",
                migration.downCommand(version, previousVersion),
                RelmanActivityOptions.compensating(RelmanActivityOptions.migration()));
        return "ran `" + String.join(" ", migration.downCommand(version, previousVersion)) + "` with "
                + service.imageAt(version) + " in " + down.elapsedMillis() + " ms";
    }

    /** pg_dump of the environment's database before anything changes it; a failed migration restores it. */
    private BackupFile backUp(Plan plan, Environment environment, String version) {
        Database database = environment.database();
        String backupId = BackupIds.before(
                plan.project(), environment.name(), Instant.ofEpochMilli(Workflow.currentTimeMillis()), version);
        report(ReleaseStep.BACKUP, null, 0, 0, 0, "backing up " + database.name() + " from " + database.container());
        BackupFile dump = stub(
                        BackupActivities.class,
                        RelmanActivityOptions.backup(),
                        "back up " + database.name() + " as " + backupId)
                .dump(new DumpRequest(database, backupId));
        report(
                ReleaseStep.BACKUP,
                null,
                0,
                0,
                0,
                "backed up " + database.name() + " to " + dump.path() + " ("
                        + dump.sizeBytes() + " bytes, sha256 " + dump.sha256().substring(0, 12) + ", rows "
                        + dump.fingerprint().rowCountsText()
                        + ") in " + dump.elapsedMillis() + " ms");
        return dump;
    }

    /**
     * A release without a migration changes no schema, but its new code may write data the old one
     * cannot read: it starts only with a backup younger than the plan's max_backup_age, taken now when
     * there is none.
     */
    private BackupFile recentBackup(Plan plan, Environment environment, String version) {
        Database database = environment.database();
        String maxAge = Durations.text(database.maxBackupAge());
        StoredBackup newest = stub(
                        BackupActivities.class,
                        RelmanActivityOptions.quick(),
                        "find the newest backup of " + database.name())
                .newest(new BackupQuery(database.backupDir(), BackupIds.prefix(plan.project(), environment.name())));
        if (newest != null) {
            Duration age = Duration.ofMillis(Math.max(0, Workflow.currentTimeMillis() - newest.finishedAtMillis()));
            if (age.compareTo(database.maxBackupAge()) <= 0) {
                report(
                        ReleaseStep.BACKUP,
                        null,
                        0,
                        0,
                        0,
                        "the newest backup, " + newest.backup().id() + ", is "
                                + Durations.text(age.truncatedTo(ChronoUnit.SECONDS)) + " old (max_backup_age " + maxAge
                                + "): no new one needed");
                return newest.backup();
            }
            report(
                    ReleaseStep.BACKUP,
                    null,
                    0,
                    0,
                    0,
                    "the newest backup, " + newest.backup().id() + ", is older than" + " max_backup_age (" + maxAge
                            + "): taking one now");
        } else {
            report(
                    ReleaseStep.BACKUP,
                    null,
                    0,
                    0,
                    0,
                    "no backup of " + database.name() + " in " + database.backupDir() + ": taking one now");
        }
        return backUp(plan, environment, version);
    }

    /** Runs a migration command in a one-off container of the new image, on the stack's network. */
    private MigrationOutcome runMigration(
            Plan plan,
            Environment environment,
            Service service,
            String version,
            String direction,
            List<String> command,
            ActivityOptions options) {
        String container =
                ContainerNames.migration(plan.project(), environment.name(), service.name(), direction, version);
        String summary =
                direction.equals("up") ? "migrate up to " + version : "migrate down with " + service.imageAt(version);
        return stub(MigrationActivities.class, options, summary)
                .run(new MigrationRequest(
                        container,
                        service.imageAt(version),
                        environment.network(),
                        command,
                        containerEnv(environment, service),
                        service.secretEnv(),
                        Map.of(
                                ContainerNames.LABEL_PROJECT,
                                plan.project(),
                                ContainerNames.LABEL_VERSION,
                                version,
                                ContainerNames.LABEL_RELEASE,
                                Workflow.getInfo().getWorkflowId())));
    }

    private void rollOut(
            Plan plan,
            Environment environment,
            Service service,
            ReleaseRequest request,
            String previousVersion,
            List<ReplacedReplica> replaced,
            int replicasTotal) {
        ReplicaSelector selector = new ReplicaSelector(plan.project(), environment.name(), service.name());
        // What nginx should route to: the replicas running now, minus the one being replaced.
        TreeSet<String> inUpstream = new TreeSet<>(docker.runningReplicas(selector));
        String image = service.imageAt(request.version());
        boolean startFirst = service.updateOrder() == UpdateOrder.START_FIRST;
        for (int index = 1; index <= service.replicas(); index++) {
            String name = ContainerNames.replica(plan.project(), environment.name(), service.name(), index);
            String step = Workflow.randomUUID().toString();
            String where = name + " (" + index + "/" + service.replicas() + ")";
            holdWhilePaused(service.name(), index, replaced.size(), replicasTotal, where);
            boolean hadOldReplica = inUpstream.contains(name);
            boolean surge = startFirst && hadOldReplica;
            compensations.add(
                    ReleaseStep.ROLLOUT,
                    hadOldReplica
                            ? "put " + name + " back on " + previousVersion
                            : "remove " + name + ", new in " + request.version(),
                    () -> restoreReplica(environment, service, inUpstream, name, step, hadOldReplica));
            StopReplicaRequest keep = new StopReplicaRequest(name, step, service.stopGracePeriod());
            String keptAs;
            if (surge) {
                keptAs = stub(
                                DockerActivities.class,
                                RelmanActivityOptions.quick(),
                                "set " + name + " aside, still serving")
                        .setAside(keep)
                        .keptAs();
                // The same container under its kept name, so that the new one can take the name.
                inUpstream.remove(name);
                inUpstream.add(keptAs);
                applyUpstream(
                        environment,
                        service,
                        inUpstream,
                        "follow " + name + " to " + keptAs,
                        RelmanActivityOptions.quick());
                report(
                        ReleaseStep.ROLLOUT,
                        service.name(),
                        index,
                        replaced.size(),
                        replicasTotal,
                        name + " serves on as " + keptAs + "; starting " + image + " as " + where + " next to it");
            } else {
                if (inUpstream.remove(name)) {
                    report(
                            ReleaseStep.ROLLOUT,
                            service.name(),
                            index,
                            replaced.size(),
                            replicasTotal,
                            "draining " + where);
                    applyUpstream(environment, service, inUpstream, "drain " + name, RelmanActivityOptions.quick());
                }
                keptAs = stub(
                                DockerActivities.class,
                                RelmanActivityOptions.stop(service.stopGracePeriod()),
                                "stop and keep " + name)
                        .stopAndKeep(keep)
                        .keptAs();
                report(
                        ReleaseStep.ROLLOUT,
                        service.name(),
                        index,
                        replaced.size(),
                        replicasTotal,
                        (keptAs == null ? "" : "stopped and kept as " + keptAs + "; ") + "starting " + image + " as "
                                + where);
            }
            ReplicaContainer created = stub(
                            DockerActivities.class, RelmanActivityOptions.quick(), "create " + name + " from " + image)
                    .createReplica(new CreateReplicaRequest(
                            name,
                            image,
                            step,
                            environment.network(),
                            containerEnv(environment, service),
                            service.secretEnv(),
                            ContainerNames.labels(
                                    selector,
                                    index,
                                    request.version(),
                                    Workflow.getInfo().getWorkflowId(),
                                    step)));
            report(ReleaseStep.ROLLOUT, service.name(), index, replaced.size(), replicasTotal, "probing " + where);
            HealthReport health = probe(
                    environment, service, name, RelmanActivityOptions.health(service.healthcheck()), "probe " + name);
            inUpstream.add(name);
            applyUpstream(
                    environment,
                    service,
                    inUpstream,
                    (surge ? "add " : "return ") + name,
                    RelmanActivityOptions.quick());
            if (surge) {
                report(
                        ReleaseStep.ROLLOUT,
                        service.name(),
                        index,
                        replaced.size(),
                        replicasTotal,
                        "draining " + keptAs + ", now that " + name + " serves");
                inUpstream.remove(keptAs);
                applyUpstream(environment, service, inUpstream, "drain " + keptAs, RelmanActivityOptions.quick());
                stub(DockerActivities.class, RelmanActivityOptions.stop(service.stopGracePeriod()), "stop " + keptAs)
                        .stopKept(keep);
            }
            replaced.add(
                    new ReplacedReplica(service.name(), name, created.containerId(), keptAs, health.elapsedMillis()));
            report(
                    ReleaseStep.ROLLOUT,
                    service.name(),
                    index,
                    replaced.size(),
                    replicasTotal,
                    where + " is " + (surge ? "in" : "back in") + " the load balancer on " + request.version()
                            + " (healthy after " + health.elapsedMillis() + " ms)"
                            + (surge ? "; " + keptAs + " stopped" : ""));
        }
    }

    /**
     * Undoes one replica's replacement the way it was done, so traffic never reaches a stopped
     * container: out of the upstream, the old container back under its name, probed, back in.
     */
    private String restoreReplica(
            Environment environment,
            Service service,
            TreeSet<String> inUpstream,
            String name,
            String step,
            boolean hadOldReplica) {
        if (inUpstream.remove(name)) {
            applyUpstream(
                    environment,
                    service,
                    inUpstream,
                    "drain " + name + " (undo)",
                    RelmanActivityOptions.compensating(RelmanActivityOptions.quick()));
        }
        RestoredReplica restored = stub(
                        DockerActivities.class,
                        RelmanActivityOptions.compensating(RelmanActivityOptions.stop(service.stopGracePeriod())),
                        "restore " + name)
                .restoreReplica(new RestoreReplicaRequest(name, step, hadOldReplica, service.stopGracePeriod()));
        if (!hadOldReplica) {
            return restored.summary();
        }
        HealthReport health = probe(
                environment,
                service,
                name,
                RelmanActivityOptions.compensating(RelmanActivityOptions.health(service.healthcheck())),
                "probe " + name + " (undo)");
        // Start-first: the old replica served on under its kept name until now.
        inUpstream.remove(ContainerNames.kept(name));
        inUpstream.add(name);
        applyUpstream(
                environment,
                service,
                inUpstream,
                "return " + name + " (undo)",
                RelmanActivityOptions.compensating(RelmanActivityOptions.quick()));
        return restored.summary() + "; healthy after " + health.elapsedMillis() + " ms and back in the load balancer";
    }

    private HealthReport probe(
            Environment environment, Service service, String name, ActivityOptions options, String summary) {
        return stub(HealthActivities.class, options, summary)
                .awaitHealthy(new HealthProbeRequest(
                        environment.loadBalancer().container(), name, service.port(), service.healthcheck()));
    }

    private void applyUpstream(
            Environment environment, Service service, TreeSet<String> replicas, String why, ActivityOptions options) {
        List<String> servers =
                replicas.stream().map(name -> name + ":" + service.port()).toList();
        // Unique across runs: a generation equal to an older run's would be "seen" before nginx reloads.
        String generation = Workflow.getInfo().getRunId() + "-" + (++upstreamGeneration);
        stub(LoadBalancerActivities.class, options, why)
                .applyUpstream(new UpstreamUpdate(
                        environment.loadBalancer().container(),
                        environment.loadBalancer().configFile(),
                        environment.loadBalancer().upstream(),
                        servers,
                        generation));
    }

    /** Plan-level variables, then environment-level ones, which win. */
    private static Map<String, String> containerEnv(Environment environment, Service service) {
        Map<String, String> env = new HashMap<>(service.env());
        env.putAll(environment.env());
        return env;
    }

    private ReleaseRecord record(
            Plan plan,
            ReleaseRequest request,
            long startedAt,
            ReleaseOutcome outcome,
            Map<String, String> images,
            String failure) {
        return new ReleaseRecord(
                Workflow.getInfo().getWorkflowId(),
                Workflow.getInfo().getRunId(),
                plan.project(),
                request.environment(),
                request.version(),
                request.requestedBy(),
                startedAt,
                Workflow.currentTimeMillis(),
                outcome,
                images,
                failure,
                compensations.ran(),
                backup,
                kind);
    }

    /** An event from a signal: it changes nothing of where the run is. */
    private void reportWhereItIs(String event) {
        report(
                progress.step(),
                progress.service(),
                progress.replica(),
                progress.replicasDone(),
                progress.replicasTotal(),
                event);
    }

    private void report(ReleaseStep step, String service, int replica, int done, int total, String event) {
        int percent = total == 0 ? 0 : done * 100 / total;
        events.add(new ReleaseEvent(Workflow.currentTimeMillis() - startedAt, step, percent, event));
        progress = new ReleaseProgress(step, service, replica, done, total, percent, events, compensations.ran());
        Workflow.getLogger(ReleaseSaga.class).info(event);
    }

    private static String shortId(String imageId) {
        String hex = imageId.startsWith("sha256:") ? imageId.substring(7) : imageId;
        return hex.substring(0, Math.min(12, hex.length()));
    }

    private static <T> T stub(Class<T> activities, ActivityOptions options) {
        return Workflow.newActivityStub(activities, options);
    }

    /** A stub whose calls show {@code summary} in the Web UI's event history. */
    private static <T> T stub(Class<T> activities, ActivityOptions options, String summary) {
        return Workflow.newActivityStub(
                activities,
                ActivityOptions.newBuilder(options).setSummary(summary).build());
    }
}
