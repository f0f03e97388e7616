package io.relman.deploy;

import io.relman.database.MigrationActivities;
import io.relman.database.MigrationOutcome;
import io.relman.database.MigrationRequest;
import io.relman.docker.BuiltImage;
import io.relman.docker.ContainerNames;
import io.relman.docker.CreateReplicaRequest;
import io.relman.docker.DockerActivities;
import io.relman.docker.ImageBuildRequest;
import io.relman.docker.ReplicaContainer;
import io.relman.docker.ReplicaSelector;
import io.relman.docker.StopReplicaRequest;
import io.relman.health.HealthActivities;
import io.relman.health.HealthProbeRequest;
import io.relman.health.HealthReport;
import io.relman.nginx.LoadBalancerActivities;
import io.relman.nginx.UpstreamUpdate;
import io.relman.plan.Build;
import io.relman.plan.Environment;
import io.relman.plan.Plan;
import io.relman.plan.Service;
import io.relman.release.ReleaseActivities;
import io.relman.release.ReleaseRecord;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Build, migrate, then replace every replica of every service one at a time behind the load
 * balancer, and record the release. A failed step stops the release where it is: the replica that
 * failed stays out of the load balancer, and the release is recorded as failed.
 */
public class DeployWorkflowImpl implements DeployWorkflow {
  private final DockerActivities docker = stub(DockerActivities.class, RelmanActivityOptions.quick());
  private final LoadBalancerActivities loadBalancer = stub(LoadBalancerActivities.class, RelmanActivityOptions.quick());
  private final ReleaseActivities releases = stub(ReleaseActivities.class, RelmanActivityOptions.quick());

  private final List<DeployEvent> events = new ArrayList<>();
  private long startedAt;
  private DeployProgress progress = new DeployProgress(DeployProgress.BUILD, null, 0, 0, 0, 0, List.of());
  private int upstreamGeneration;

  @Override
  public DeployProgress progress() {
    return progress;
  }

  @Override
  public DeployResult deploy(DeployRequest request) {
    startedAt = Workflow.currentTimeMillis();
    Plan plan = request.plan();
    Environment environment =
        plan.environment(request.environment())
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "environment '" + request.environment() + "' is not in " + plan.source(), "PlanError"));
    Map<String, String> images = new LinkedHashMap<>();
    List<ReplacedReplica> replaced = new ArrayList<>();
    int replicasTotal = plan.services().stream().mapToInt(Service::replicas).sum();
    try {
      for (Service service : plan.services()) {
        images.put(service.name(), buildImage(plan, service, request.version()).imageId());
      }
      for (Service service : plan.services()) {
        if (service.migration() != null) {
          migrate(plan, environment, service, request.version());
        }
      }
      for (Service service : plan.services()) {
        rollOut(plan, environment, service, request, replaced, replicasTotal);
      }
    } catch (TemporalFailure failure) {
      String reason = "deploy of " + request.version() + " to " + environment.name() + " failed during "
          + progress.step() + ": " + rootMessage(failure);
      // The live view gets the first line; the failure itself carries the details (log lines).
      report(DeployProgress.RECORD, progress.service(), progress.replica(), replaced.size(), replicasTotal,
          reason.lines().findFirst().orElse(reason));
      // Record the failure even if this run is being cancelled, so history never loses an attempt.
      Workflow.newDetachedCancellationScope(
              () -> releases.record(record(plan, request, startedAt, ReleaseRecord.FAILED, images, reason)))
          .run();
      report(DeployProgress.FAILED, null, 0, replaced.size(), replicasTotal, "release recorded as failed");
      throw ApplicationFailure.newNonRetryableFailureWithCause(reason, "DeployFailed", failure);
    }
    report(DeployProgress.RECORD, null, 0, replicasTotal, replicasTotal, "recording the release");
    releases.record(record(plan, request, startedAt, ReleaseRecord.SUCCEEDED, images, null));
    report(DeployProgress.DONE, null, 0, replicasTotal, replicasTotal,
        request.version() + " is live on every replica of " + environment.name());
    return new DeployResult(environment.name(), request.version(), images, replaced, Workflow.currentTimeMillis() - startedAt);
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

  private void migrate(Plan plan, Environment environment, Service service, String version) {
    report(DeployProgress.MIGRATE, service.name(), 0, 0, 0, "migrating up: " + String.join(" ", service.migration().up()));
    String container = plan.project() + "-" + environment.name() + "-" + service.name() + "-migrate-" + version;
    MigrationOutcome outcome =
        stub(MigrationActivities.class, RelmanActivityOptions.migration(), "migrate up to " + version)
            .run(new MigrationRequest(container, service.imageAt(version), environment.network(),
                service.migration().up(), containerEnv(environment, service), service.secretEnv(),
                Map.of(ContainerNames.LABEL_PROJECT, plan.project(), ContainerNames.LABEL_VERSION, version,
                    ContainerNames.LABEL_RELEASE, Workflow.getInfo().getWorkflowId())));
    report(DeployProgress.MIGRATE, service.name(), 0, 0, 0,
        "migrated up in " + outcome.elapsedMillis() + " ms");
  }

  private void rollOut(
      Plan plan, Environment environment, Service service, DeployRequest request,
      List<ReplacedReplica> replaced, int replicasTotal) {
    ReplicaSelector selector = new ReplicaSelector(plan.project(), environment.name(), service.name());
    // What nginx should route to: the replicas running now, minus the one being replaced.
    TreeSet<String> inUpstream = new TreeSet<>(docker.runningReplicas(selector));
    String image = service.imageAt(request.version());
    for (int index = 1; index <= service.replicas(); index++) {
      String name = ContainerNames.replica(plan.project(), environment.name(), service.name(), index);
      String step = Workflow.randomUUID().toString();
      String where = name + " (" + index + "/" + service.replicas() + ")";
      if (inUpstream.remove(name)) {
        report(DeployProgress.ROLLOUT, service.name(), index, replaced.size(), replicasTotal, "draining " + where);
        applyUpstream(environment, service, inUpstream, "drain " + name);
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
      HealthReport health =
          stub(HealthActivities.class, RelmanActivityOptions.health(service.healthcheck()), "probe " + name)
              .awaitHealthy(new HealthProbeRequest(environment.loadBalancer().container(), name, service.port(),
                  service.healthcheck()));
      inUpstream.add(name);
      applyUpstream(environment, service, inUpstream, "return " + name);
      replaced.add(new ReplacedReplica(service.name(), name, created.containerId(), keptAs, health.elapsedMillis()));
      report(DeployProgress.ROLLOUT, service.name(), index, replaced.size(), replicasTotal,
          where + " is back in the load balancer on " + request.version()
              + " (healthy after " + health.elapsedMillis() + " ms)");
    }
  }

  private void applyUpstream(Environment environment, Service service, TreeSet<String> replicas, String why) {
    List<String> servers = replicas.stream().map(name -> name + ":" + service.port()).toList();
    // Unique across runs: a generation equal to an older run's would be "seen" before nginx reloads.
    String generation = Workflow.getInfo().getRunId() + "-" + (++upstreamGeneration);
    stub(LoadBalancerActivities.class, RelmanActivityOptions.quick(), why)
        .applyUpstream(new UpstreamUpdate(environment.loadBalancer().container(),
            environment.loadBalancer().configFile(), environment.loadBalancer().upstream(), servers, generation));
  }

  /** Plan-level variables, then environment-level ones, which win. */
  private static Map<String, String> containerEnv(Environment environment, Service service) {
    Map<String, String> env = new HashMap<>(service.env());
    env.putAll(environment.env());
    return env;
  }

  private static ReleaseRecord record(
      Plan plan, DeployRequest request, long startedAt, String outcome, Map<String, String> images, String failure) {
    return new ReleaseRecord(Workflow.getInfo().getWorkflowId(), Workflow.getInfo().getRunId(), plan.project(),
        request.environment(), request.version(), request.requestedBy(), startedAt, Workflow.currentTimeMillis(),
        outcome, images, failure);
  }

  private void report(String step, String service, int replica, int done, int total, String event) {
    int percent = total == 0 ? 0 : done * 100 / total;
    events.add(new DeployEvent(Workflow.currentTimeMillis() - startedAt, step, percent, event));
    progress = new DeployProgress(step, service, replica, done, total, percent, events);
    Workflow.getLogger(DeployWorkflowImpl.class).info(event);
  }

  /** The message of the innermost failure: what actually went wrong, without Temporal's wrapping. */
  static String rootMessage(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && (cause instanceof ActivityFailure || cause.getCause() instanceof TemporalFailure)) {
      cause = cause.getCause();
    }
    return cause instanceof ApplicationFailure app ? app.getOriginalMessage() : cause.getMessage();
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
