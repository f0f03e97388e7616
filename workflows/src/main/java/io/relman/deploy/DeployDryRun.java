package io.relman.deploy;

import io.relman.docker.ContainerNames;
import io.relman.plan.Build;
import io.relman.plan.Database;
import io.relman.plan.Environment;
import io.relman.plan.LoadBalancer;
import io.relman.plan.Plan;
import io.relman.plan.Service;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code relman deploy --dry-run} (and {@code migrate --dry-run}) prints: the steps the run would
 * take, in order, the containers it would touch, and how it would undo them; from the plan alone, so
 * it changes nothing and needs no server.
 */
public final class DeployDryRun {
  private DeployDryRun() {}

  public static List<String> describe(Plan plan, Environment environment, String version, boolean migrationOnly) {
    List<String> lines = new ArrayList<>();
    Set<String> touched = new LinkedHashSet<>();
    LoadBalancer lb = environment.loadBalancer();
    Database database = environment.database();
    boolean migrates = plan.services().stream().anyMatch(service -> service.migration() != null);
    lines.add("Dry run: " + (migrationOnly ? "migration of " : "deploy ") + plan.project() + " " + version + " to "
        + environment.name()
        + " (as workflow release-" + environment.name() + "). Nothing is changed.");
    int step = 0;
    lines.add(++step + ". pre-flight: the Docker engine answers and " + (environment.minFreeDiskBytes() >> 20)
        + " MB are free; inspect the replicas of " + names(plan.services()) + "; refuse if one is stopped or"
        + " unhealthy, or they run different releases");
    if (migrates) {
      lines.add(++step + ". back up database " + database.name() + " (pg_dump in " + database.container()
          + ") to " + database.backupDir() + "/" + plan.project() + "-" + environment.name() + "-TIME-before-"
          + version + ".dump");
      touched.add(database.container() + " (pg_dump; pg_restore only to undo a migration)");
    }
    for (Service service : plan.services()) {
      Build build = service.build();
      lines.add(++step + ". build " + service.imageAt(version) + " from " + build.context() + "/" + build.dockerfile());
    }
    if (environment.approvalBefore(DeployProgress.MIGRATE)) {
      lines.add(++step + ". wait for relman approve " + environment.name() + " (at most " + environment.approval().timeout()
          + ")");
    }
    for (Service service : plan.services()) {
      if (service.migration() != null) {
        String container = ContainerNames.migration(plan.project(), environment.name(), service.name(), "up", version);
        lines.add(++step + ". migrate " + service.name() + " up: `" + String.join(" ", service.migration().up())
            + "` in one-off container " + container + " of " + service.imageAt(version) + " on network "
            + environment.network());
        touched.add(container + " (one-off)");
      }
    }
    if (migrationOnly) {
      lines.add(++step + ". probe every replica that runs now: the running release must stay healthy on the new"
          + " schema; no replica is replaced");
      lines.add(++step + ". record the migration in relman's database");
      lines.add("Containers it would touch:");
      touched.forEach(container -> lines.add("  " + container));
      lines.add("If a step fails (or on relman abort " + environment.name() + "), the migration is run down with the"
          + " new image, or the backup restored.");
      return lines;
    }
    if (environment.approvalBefore(DeployProgress.ROLLOUT)) {
      lines.add(++step + ". wait for relman approve " + environment.name() + " (at most " + environment.approval().timeout()
          + ")");
    }
    touched.add(lb.container() + " (rewrites " + lb.configFile() + ", upstream " + lb.upstream() + "; nginx -t; reload)");
    for (Service service : plan.services()) {
      for (int index = 1; index <= service.replicas(); index++) {
        String name = ContainerNames.replica(plan.project(), environment.name(), service.name(), index);
        lines.add(++step + ". replace " + name + ": drain it from " + lb.container() + ", stop it (grace "
            + service.stopGracePeriod().toSeconds() + "s) and keep it as " + ContainerNames.kept(name) + ", create it"
            + " from " + service.imageAt(version) + ", probe " + service.healthcheck().path() + " on port "
            + service.port() + " (deadline " + service.healthcheck().deadline().toSeconds() + "s), return it");
        touched.add(name + " (replaced; the old one kept as " + ContainerNames.kept(name) + ")");
      }
    }
    for (Service service : plan.services()) {
      if (!service.validate().isEmpty()) {
        lines.add(++step + ". validate " + String.join(", ", service.validate()) + " through " + lb.container()
            + ": each must answer 2xx");
      }
    }
    lines.add(++step + ". record the release in relman's database");
    lines.add("Containers it would touch:");
    touched.forEach(container -> lines.add("  " + container));
    lines.add("If a step fails (or on relman abort " + environment.name() + "), it undoes newest first: replaced"
        + " replicas back on their kept containers" + (migrates ? ", then the migration down with the new image,"
        + " or the backup restored" : "") + ".");
    return lines;
  }

  private static String names(List<Service> services) {
    return String.join(", ", services.stream().map(Service::name).toList());
  }
}
