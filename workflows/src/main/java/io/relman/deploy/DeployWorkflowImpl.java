package io.relman.deploy;

import io.relman.database.BackupActivities;
import io.relman.database.BackupFile;
import io.relman.database.DumpRequest;
import io.relman.database.MigrationActivities;
import io.relman.database.MigrationOutcome;
import io.relman.database.MigrationRequest;
import io.relman.database.RestoreRequest;
import io.relman.database.RestoredBackup;
import io.relman.docker.BuiltImage;
import io.relman.docker.ContainerNames;
import io.relman.docker.CreateReplicaRequest;
import io.relman.docker.CurrentReplica;
import io.relman.docker.DockerActivities;
import io.relman.docker.ImageBuildRequest;
import io.relman.docker.ReplicaContainer;
import io.relman.docker.ReplicaSelector;
import io.relman.docker.RestoreReplicaRequest;
import io.relman.docker.RestoredReplica;
import io.relman.docker.StopReplicaRequest;
import io.relman.health.HealthActivities;
import io.relman.health.HealthProbeRequest;
import io.relman.health.HealthReport;
import io.relman.nginx.LoadBalancerActivities;
import io.relman.nginx.UpstreamUpdate;
import io.relman.plan.Build;
import io.relman.plan.Database;
import io.relman.plan.Environment;
import io.relman.plan.Migration;
import io.relman.plan.Plan;
import io.relman.plan.Service;
import io.relman.release.ReleaseActivities;
import io.relman.release.ReleaseRecord;
import io.relman.saga.Compensation;
import io.relman.saga.Compensations;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Check, build, migrate, then replace every replica of every service one at a time behind the load
 * balancer, and record the release. It is a saga: each step that changes the stack registers its undo
 * first, and a failure runs the undo steps in reverse (replicas back on the old release, the migration
 * down) before the release is recorded and the run fails with a report of what was undone.
 */
public class DeployWorkflowImpl implements DeployWorkflow {
  /**
   * Runs started before the saga existed replay without pre-flight and undo steps. Version 1 added
   * the pre-flight inspection of the replicas and the undo steps after a failure.
   */
  static final String SAGA_CHANGE = "deploy-saga";

  static final int SAGA = 1;

  /** Version 1 added the backup before the migration, and the restore when its down-migration fails. */
  static final String BACKUP_CHANGE = "deploy-backup";

  static final int BACKUP = 1;

  private static final DateTimeFormatter BACKUP_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final DockerActivities docker = stub(DockerActivities.class, RelmanActivityOptions.quick());
  private final LoadBalancerActivities loadBalancer = stub(LoadBalancerActivities.class, RelmanActivityOptions.quick());
  private final ReleaseActivities releases = stub(ReleaseActivities.class, RelmanActivityOptions.quick());

  private final List<DeployEvent> events = new ArrayList<>();
  private long startedAt;
  private DeployProgress progress = new DeployProgress(DeployProgress.PREFLIGHT, null, 0, 0, 0, 0, List.of(), List.of());
  private int upstreamGeneration;
  private final Compensations compensations = new Compensations();
  /** The forward steps; cancelling it (abort, or cancel in the Web UI) stops them and starts the undo. */
  private CancellationScope forward;
  private String approvedBy;
  private String pausedBy;
  private String abortedBy;
  private boolean stepsFinished;
  /** The backup taken before the migration, or null: the way back when the migration cannot be undone. */
  private BackupFile backup;

  @Override
  public DeployProgress progress() {
    return progress;
  }

  @Override
  public void approve(String by) {
    if (approvedBy == null) {
      approvedBy = by;
    }
  }

  @Override
  public void pause(String by) {
    pausedBy = by;
    report(progress.step(), progress.service(), progress.replica(), progress.replicasDone(), progress.replicasTotal(),
        "pause requested by " + by + ": the rollout holds before its next replica");
  }

  @Override
  public void resume(String by) {
    if (pausedBy != null) {
      pausedBy = null;
      report(progress.step(), progress.service(), progress.replica(), progress.replicasDone(),
          progress.replicasTotal(), "resumed by " + by);
    }
  }

  @Override
  public void abort(String by) {
    if (abortedBy != null) {
      return;
    }
    abortedBy = by;
    report(progress.step(), progress.service(), progress.replica(), progress.replicasDone(), progress.replicasTotal(),
        "abort requested by " + by + (stepsFinished
            ? ": too late, every step has run" : ": stopping, then undoing what was done"));
    if (forward != null && !stepsFinished) {
      forward.cancel("aborted by " + by);
    }
  }

  @Override
  public DeployResult deploy(DeployRequest request) {
    startedAt = Workflow.currentTimeMillis();
    boolean saga = Workflow.getVersion(SAGA_CHANGE, Workflow.DEFAULT_VERSION, SAGA) == SAGA;
    boolean backups = saga && Workflow.getVersion(BACKUP_CHANGE, Workflow.DEFAULT_VERSION, BACKUP) == BACKUP;
    Plan plan = request.plan();
    Environment environment =
        plan.environment(request.environment())
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "environment '" + request.environment() + "' is not in " + plan.source(), "PlanError"));
    Map<String, String> images = new LinkedHashMap<>();
    // Service name to the release its replicas ran before this one; absent on a first deploy.
    Map<String, String> previousVersions = new HashMap<>();
    List<ReplacedReplica> replaced = new ArrayList<>();
    int replicasTotal = plan.services().stream().mapToInt(Service::replicas).sum();
    try {
      forward = Workflow.newCancellationScope(() -> {
        if (saga) {
          for (Service service : plan.services()) {
            preflight(plan, environment, service).ifPresent(version -> previousVersions.put(service.name(), version));
          }
        }
        if (backups && plan.services().stream().anyMatch(service -> service.migration() != null)) {
          backup = backUp(plan, environment, request.version());
        }
        for (Service service : plan.services()) {
          images.put(service.name(), buildImage(plan, service, request.version()).imageId());
        }
        awaitApproval(environment, DeployProgress.MIGRATE, request.version());
        for (Service service : plan.services()) {
          if (service.migration() != null) {
            migrate(plan, environment, service, request.version(), previousVersions.get(service.name()));
          }
        }
        awaitApproval(environment, DeployProgress.ROLLOUT, request.version());
        for (Service service : plan.services()) {
          rollOut(plan, environment, service, request, previousVersions.get(service.name()), replaced, replicasTotal);
        }
      });
      if (abortedBy != null) {
        forward.cancel("aborted by " + abortedBy); // aborted before the first step began
      }
      forward.run();
      stepsFinished = true;
    } catch (TemporalFailure failure) {
      String failedStep = progress.step();
      String reason = "deploy of " + request.version() + " to " + environment.name()
          + (abortedBy != null ? " aborted by " + abortedBy + " during " + failedStep
              : " failed during " + failedStep + ": " + Compensations.rootMessage(failure));
      // The live view gets the first line; the failure itself carries the details (log lines).
      report(failedStep, progress.service(), progress.replica(), replaced.size(), replicasTotal,
          reason.lines().findFirst().orElse(reason));
      // Undo and record even if this run is being cancelled: an abort must leave the stack as it was.
      Workflow.newDetachedCancellationScope(() -> {
        if (saga) {
          compensate();
        }
        report(DeployProgress.RECORD, null, 0, replaced.size(), replicasTotal, "recording the release as failed");
        releases.record(record(plan, request, startedAt, ReleaseRecord.FAILED, images, reason));
      }).run();
      DeployFailure details = new DeployFailure(environment.name(), request.version(), failedStep, reason,
          compensations.ran());
      report(DeployProgress.FAILED, null, 0, replaced.size(), replicasTotal, "release recorded as failed"
          + (details.compensations().isEmpty() ? "" : details.fullyUndone()
              ? "; every change was undone" : "; some changes could NOT be undone, see above"));
      throw ApplicationFailure.newNonRetryableFailureWithCause(reason, "DeployFailed", failure, details);
    }
    report(DeployProgress.RECORD, null, 0, replicasTotal, replicasTotal, "recording the release");
    releases.record(record(plan, request, startedAt, ReleaseRecord.SUCCEEDED, images, null));
    report(DeployProgress.DONE, null, 0, replicasTotal, replicasTotal,
        request.version() + " is live on every replica of " + environment.name());
    return new DeployResult(environment.name(), request.version(), images, replaced, Workflow.currentTimeMillis() - startedAt);
  }

  /**
   * Refuses a stack that is not in one known state, before anything is changed; returns the release
   * the service's replicas run now, if any.
   */
  private Optional<String> preflight(Plan plan, Environment environment, Service service) {
    report(DeployProgress.PREFLIGHT, service.name(), 0, 0, 0, "inspecting the replicas of " + service.name());
    List<CurrentReplica> current =
        stub(DockerActivities.class, RelmanActivityOptions.quick(), "inspect replicas of " + service.name())
            .currentReplicas(new ReplicaSelector(plan.project(), environment.name(), service.name()));
    List<String> stopped = current.stream().filter(replica -> !replica.running()).map(CurrentReplica::container).toList();
    if (!stopped.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(String.join(", ", stopped) + " exist(s) but are stopped: start"
          + " them (docker start " + String.join(" ", stopped) + ") or remove them, then deploy again."
          + " Nothing was changed.", "PreflightFailed");
    }
    Map<String, List<String>> byVersion = current.stream().collect(Collectors.groupingBy(CurrentReplica::version,
        TreeMap::new, Collectors.mapping(CurrentReplica::container, Collectors.toList())));
    if (byVersion.size() > 1) {
      throw ApplicationFailure.newNonRetryableFailure("the replicas of " + service.name() + " run different releases ("
          + byVersion + "): an earlier release stopped half-way. Deploy one of those versions first, so that every"
          + " replica runs it. Nothing was changed.", "PreflightFailed");
    }
    Optional<String> version = byVersion.keySet().stream().findFirst();
    report(DeployProgress.PREFLIGHT, service.name(), 0, 0, 0, current.isEmpty()
        ? "no replica of " + service.name() + " runs yet: a first deploy"
        : current.size() + " replica(s) of " + service.name() + " run " + version.get());
    return version;
  }

  /**
   * Holds the release at the plan's approval gate, durably, until {@code relman approve} or the gate's
   * timeout; a timeout fails the release, which undoes what it did so far.
   */
  private void awaitApproval(Environment environment, String step, String version) {
    if (!environment.approvalBefore(step)) {
      return;
    }
    Duration timeout = environment.approval().timeout();
    report(DeployProgress.APPROVAL, null, 0, 0, 0, "waiting for approval before " + step + " of " + version
        + ": relman approve " + environment.name() + " (times out after " + timeout.toString().substring(2).toLowerCase()
        + ")");
    if (!Workflow.await(timeout, () -> approvedBy != null)) {
      throw ApplicationFailure.newNonRetryableFailure("nobody approved the release within "
          + timeout.toString().substring(2).toLowerCase() + "; deploy again to ask again", "ApprovalTimedOut");
    }
    report(DeployProgress.APPROVAL, null, 0, 0, 0, "approved by " + approvedBy);
  }

  /** Where a pause holds: before a replica is touched, so the stack is never left half-replaced. */
  private void holdWhilePaused(String service, int index, int done, int total, String next) {
    if (pausedBy == null) {
      return;
    }
    report(DeployProgress.ROLLOUT, service, index, done, total, "paused by " + pausedBy + " before " + next
        + ": relman resume to go on, relman abort to undo");
    Workflow.await(() -> pausedBy == null);
  }

  /** Runs the registered undo steps, newest first, reporting each. */
  private void compensate() {
    int total = compensations.pending();
    compensations.runInReverse(
        action -> report(DeployProgress.COMPENSATE, null, 0, compensations.ran().size(), total, "undoing: " + action),
        done -> report(DeployProgress.COMPENSATE, null, 0, compensations.ran().size(), total, done.line()));
  }

  private BuiltImage buildImage(Plan plan, Service service, String version) {
    String tag = service.imageAt(version);
    report(DeployProgress.BUILD, service.name(), 0, 0, 0, "building " + tag);
    Build build = service.build();
    Map<String, String> args = new HashMap<>();
    build.args().forEach((name, value) -> args.put(name, value.replace(Build.VERSION_PLACEHOLDER, version)));
    BuiltImage image =
        stub(DockerActivities.class, RelmanActivityOptions.build(), "build " + tag)
            .buildImage(new ImageBuildRequest(tag, build.context(), build.dockerfile(), args,
                Map.of(ContainerNames.LABEL_PROJECT, plan.project(), ContainerNames.LABEL_VERSION, version)));
    report(DeployProgress.BUILD, service.name(), 0, 0, 0, "built " + tag + " (" + shortId(image.imageId()) + ")");
    return image;
  }

  private void migrate(Plan plan, Environment environment, Service service, String version, String previousVersion) {
    Migration migration = service.migration();
    String target = previousVersion == null ? "the revision before " + version : "what " + previousVersion + " needs";
    compensations.addIfOthersSucceed(DeployProgress.MIGRATE, "migrate " + service.name() + " down to " + target, () -> {
      String downFailed;
      try {
        return migrateDown(plan, environment, service, version, previousVersion);
      } catch (Compensations.Skip | TemporalFailure failure) {
        if (backup == null) {
          throw failure;
        }
        downFailed = failure instanceof Compensations.Skip ? failure.getMessage()
            : "migrate down failed: " + Compensations.shortMessage(failure);
      }
      // The database is in a state no command knows: the backup taken before the migration is the way back.
      report(DeployProgress.COMPENSATE, service.name(), 0, 0, 0, downFailed + "; restoring backup " + backup.id());
      RestoredBackup restored =
          stub(BackupActivities.class, RelmanActivityOptions.compensating(RelmanActivityOptions.backup()),
              "restore " + backup.id() + " into " + environment.database().name())
              .restore(new RestoreRequest(environment.database(), backup));
      return downFailed + "; restored backup " + backup.id() + " in " + restored.elapsedMillis() + " ms, verified:"
          + " schema and row counts (" + restored.fingerprint().rowCountsText() + ") equal to before";
    });
    List<String> up = migration.upCommand(version, previousVersion);
    report(DeployProgress.MIGRATE, service.name(), 0, 0, 0, "migrating up: " + String.join(" ", up));
    MigrationOutcome outcome = runMigration(plan, environment, service, version, "up", up, RelmanActivityOptions.migration());
    report(DeployProgress.MIGRATE, service.name(), 0, 0, 0,
        "migrated up in " + outcome.elapsedMillis() + " ms");
  }

  private String migrateDown(Plan plan, Environment environment, Service service, String version,
      String previousVersion) {
    Migration migration = service.migration();
    if (migration.down().isEmpty()) {
      throw new Compensations.Skip("the plan gives no migration down command for " + service.name());
    }
    if (previousVersion == null && migration.downNeedsPreviousVersion()) {
      throw new Compensations.Skip("no release ran before " + version + ", so there is no revision to go back to");
    }
    MigrationOutcome down = runMigration(plan, environment, service, version, "down",
        migration.downCommand(version, previousVersion), RelmanActivityOptions.compensating(RelmanActivityOptions.migration()));
    return "ran `" + String.join(" ", migration.downCommand(version, previousVersion)) + "` with "
        + service.imageAt(version) + " in " + down.elapsedMillis() + " ms";
  }

  /** pg_dump of the environment's database before anything changes it; a failed migration restores it. */
  private BackupFile backUp(Plan plan, Environment environment, String version) {
    Database database = environment.database();
    String backupId = plan.project() + "-" + environment.name() + "-"
        + BACKUP_TIME.format(Instant.ofEpochMilli(Workflow.currentTimeMillis())) + "-before-" + version;
    report(DeployProgress.BACKUP, null, 0, 0, 0, "backing up " + database.name() + " from " + database.container());
    BackupFile dump = stub(BackupActivities.class, RelmanActivityOptions.backup(), "back up " + database.name()
        + " as " + backupId).dump(new DumpRequest(database, backupId));
    report(DeployProgress.BACKUP, null, 0, 0, 0, "backed up " + database.name() + " to " + dump.path() + " ("
        + dump.sizeBytes() + " bytes, sha256 " + dump.sha256().substring(0, 12) + ", rows " + dump.fingerprint().rowCountsText()
        + ") in " + dump.elapsedMillis() + " ms");
    return dump;
  }

  /** Runs a migration command in a one-off container of the new image, on the stack's network. */
  private MigrationOutcome runMigration(Plan plan, Environment environment, Service service, String version,
      String direction, List<String> command, ActivityOptions options) {
    String container = ContainerNames.migration(plan.project(), environment.name(), service.name(), direction, version);
    String summary = direction.equals("up") ? "migrate up to " + version : "migrate down with " + service.imageAt(version);
    return stub(MigrationActivities.class, options, summary)
        .run(new MigrationRequest(container, service.imageAt(version), environment.network(), command,
            containerEnv(environment, service), service.secretEnv(),
            Map.of(ContainerNames.LABEL_PROJECT, plan.project(), ContainerNames.LABEL_VERSION, version,
                ContainerNames.LABEL_RELEASE, Workflow.getInfo().getWorkflowId())));
  }

  private void rollOut(
      Plan plan, Environment environment, Service service, DeployRequest request, String previousVersion,
      List<ReplacedReplica> replaced, int replicasTotal) {
    ReplicaSelector selector = new ReplicaSelector(plan.project(), environment.name(), service.name());
    // What nginx should route to: the replicas running now, minus the one being replaced.
    TreeSet<String> inUpstream = new TreeSet<>(docker.runningReplicas(selector));
    String image = service.imageAt(request.version());
    for (int index = 1; index <= service.replicas(); index++) {
      String name = ContainerNames.replica(plan.project(), environment.name(), service.name(), index);
      String step = Workflow.randomUUID().toString();
      String where = name + " (" + index + "/" + service.replicas() + ")";
      holdWhilePaused(service.name(), index, replaced.size(), replicasTotal, where);
      boolean hadOldReplica = inUpstream.contains(name);
      compensations.add(DeployProgress.ROLLOUT,
          hadOldReplica ? "put " + name + " back on " + previousVersion : "remove " + name + ", new in " + request.version(),
          () -> restoreReplica(environment, service, inUpstream, name, step, hadOldReplica));
      if (inUpstream.remove(name)) {
        report(DeployProgress.ROLLOUT, service.name(), index, replaced.size(), replicasTotal, "draining " + where);
        applyUpstream(environment, service, inUpstream, "drain " + name, RelmanActivityOptions.quick());
      }
      String keptAs =
          stub(DockerActivities.class, RelmanActivityOptions.stop(service.stopGracePeriod()), "stop and keep " + name)
              .stopAndKeep(new StopReplicaRequest(name, step, service.stopGracePeriod()))
              .keptAs();
      report(DeployProgress.ROLLOUT, service.name(), index, replaced.size(), replicasTotal,
          (keptAs == null ? "" : "stopped and kept as " + keptAs + "; ") + "starting " + image + " as " + where);
      ReplicaContainer created =
          stub(DockerActivities.class, RelmanActivityOptions.quick(), "create " + name + " from " + image)
              .createReplica(new CreateReplicaRequest(name, image, step, environment.network(),
                  containerEnv(environment, service), service.secretEnv(),
                  ContainerNames.labels(selector, index, request.version(), Workflow.getInfo().getWorkflowId(), step)));
      report(DeployProgress.ROLLOUT, service.name(), index, replaced.size(), replicasTotal, "probing " + where);
      HealthReport health = probe(environment, service, name, RelmanActivityOptions.health(service.healthcheck()), "probe " + name);
      inUpstream.add(name);
      applyUpstream(environment, service, inUpstream, "return " + name, RelmanActivityOptions.quick());
      replaced.add(new ReplacedReplica(service.name(), name, created.containerId(), keptAs, health.elapsedMillis()));
      report(DeployProgress.ROLLOUT, service.name(), index, replaced.size(), replicasTotal,
          where + " is back in the load balancer on " + request.version()
              + " (healthy after " + health.elapsedMillis() + " ms)");
    }
  }

  /**
   * Undoes one replica's replacement the way it was done, so traffic never reaches a stopped
   * container: out of the upstream, the old container back under its name, probed, back in.
   */
  private String restoreReplica(Environment environment, Service service, TreeSet<String> inUpstream, String name,
      String step, boolean hadOldReplica) {
    if (inUpstream.remove(name)) {
      applyUpstream(environment, service, inUpstream, "drain " + name + " (undo)",
          RelmanActivityOptions.compensating(RelmanActivityOptions.quick()));
    }
    RestoredReplica restored =
        stub(DockerActivities.class, RelmanActivityOptions.compensating(RelmanActivityOptions.stop(service.stopGracePeriod())),
            "restore " + name)
            .restoreReplica(new RestoreReplicaRequest(name, step, hadOldReplica, service.stopGracePeriod()));
    if (!hadOldReplica) {
      return restored.summary();
    }
    HealthReport health = probe(environment, service, name,
        RelmanActivityOptions.compensating(RelmanActivityOptions.health(service.healthcheck())), "probe " + name + " (undo)");
    inUpstream.add(name);
    applyUpstream(environment, service, inUpstream, "return " + name + " (undo)",
        RelmanActivityOptions.compensating(RelmanActivityOptions.quick()));
    return restored.summary() + "; healthy after " + health.elapsedMillis() + " ms and back in the load balancer";
  }

  private HealthReport probe(Environment environment, Service service, String name, ActivityOptions options,
      String summary) {
    return stub(HealthActivities.class, options, summary)
        .awaitHealthy(new HealthProbeRequest(environment.loadBalancer().container(), name, service.port(),
            service.healthcheck()));
  }

  private void applyUpstream(Environment environment, Service service, TreeSet<String> replicas, String why,
      ActivityOptions options) {
    List<String> servers = replicas.stream().map(name -> name + ":" + service.port()).toList();
    // Unique across runs: a generation equal to an older run's would be "seen" before nginx reloads.
    String generation = Workflow.getInfo().getRunId() + "-" + (++upstreamGeneration);
    stub(LoadBalancerActivities.class, options, why)
        .applyUpstream(new UpstreamUpdate(environment.loadBalancer().container(),
            environment.loadBalancer().configFile(), environment.loadBalancer().upstream(), servers, generation));
  }

  /** Plan-level variables, then environment-level ones, which win. */
  private static Map<String, String> containerEnv(Environment environment, Service service) {
    Map<String, String> env = new HashMap<>(service.env());
    env.putAll(environment.env());
    return env;
  }

  private ReleaseRecord record(
      Plan plan, DeployRequest request, long startedAt, String outcome, Map<String, String> images, String failure) {
    return new ReleaseRecord(Workflow.getInfo().getWorkflowId(), Workflow.getInfo().getRunId(), plan.project(),
        request.environment(), request.version(), request.requestedBy(), startedAt, Workflow.currentTimeMillis(),
        outcome, images, failure, compensations.ran(), backup);
  }

  private void report(String step, String service, int replica, int done, int total, String event) {
    int percent = total == 0 ? 0 : done * 100 / total;
    events.add(new DeployEvent(Workflow.currentTimeMillis() - startedAt, step, percent, event));
    progress = new DeployProgress(step, service, replica, done, total, percent, events, compensations.ran());
    Workflow.getLogger(DeployWorkflowImpl.class).info(event);
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
    return Workflow.newActivityStub(activities, ActivityOptions.newBuilder(options).setSummary(summary).build());
  }
}
