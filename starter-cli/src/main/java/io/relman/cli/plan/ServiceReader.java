package io.relman.cli.plan;

import io.relman.plan.Build;
import io.relman.plan.Migration;
import io.relman.plan.PlanMessages;
import io.relman.plan.Service;
import io.relman.plan.UpdateOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Reads one service of a plan: its image or build, replicas, health check, migration and update order. */
final class ServiceReader {
    static final Set<String> KEYS = Set.of(
            "image",
            "build",
            "replicas",
            "port",
            "env",
            "secret_env",
            "healthcheck",
            "stop_grace_period",
            "migration",
            "validate",
            "validate_deadline",
            "update_order",
            "replica_names",
            "upstream",
            "min_uptime",
            "hooks",
            "maintenance",
            "canary");

    private ServiceReader() {}

    static Service read(String name, Keys keys) {
        // Its keys are checked first, its durations in their place: the order of the plan's problems.
        Keys health = keys.mapping("healthcheck", HealthCheckReader.KEYS, Function.identity());
        return new Service(
                name,
                keys.text("image"),
                keys.mapping("build", Set.of("context", "dockerfile", "args"), ServiceReader::build),
                keys.number("replicas", 1),
                keys.has("port") ? keys.number("port", 0) : null,
                keys.variables("env"),
                keys.variables("secret_env"),
                health == null ? null : HealthCheckReader.read(health),
                keys.duration("stop_grace_period", Service.DEFAULT_STOP_GRACE_PERIOD),
                keys.mapping("migration", Set.of("up", "down"), ServiceReader::migration),
                keys.has("validate") ? keys.words("validate", "[/items, /version]") : List.of(),
                updateOrder(keys),
                keys.duration("validate_deadline", Service.DEFAULT_VALIDATE_DEADLINE),
                keys.text("replica_names"),
                keys.text("upstream"),
                keys.duration("min_uptime", Service.DEFAULT_MIN_UPTIME),
                keys.mapping("hooks", HookReader.PHASES, HookReader::read),
                keys.mapping("maintenance", MaintenanceReader.KEYS, MaintenanceReader::readForService),
                keys.mapping("canary", CanaryReader.KEYS, CanaryReader::read));
    }

    private static Build build(Keys keys) {
        String context = keys.text("context");
        String dockerfile = keys.textOr("dockerfile", Build.DEFAULT_DOCKERFILE);
        Path contextDir = keys.resolve(context == null ? "." : context);
        // The context is on this machine: the one check of the plan that reads the file system.
        if (context != null && !Files.isDirectory(contextDir)) {
            keys.problem(
                    keys.path() + "/context",
                    "directory " + contextDir + " does not exist; give the build context relative to " + keys.source());
        } else if (context != null && dockerfile != null && !Files.isRegularFile(contextDir.resolve(dockerfile))) {
            keys.problem(
                    keys.path() + "/dockerfile",
                    "no " + dockerfile + " in " + contextDir + "; name the Dockerfile relative to the context");
        }
        return new Build(context == null ? null : contextDir.toString(), dockerfile, keys.variables("args"));
    }

    private static Migration migration(Keys keys) {
        if (!keys.has("up")) {
            keys.problem(keys.path() + "/up", "is missing; give it as a list, e.g. " + PlanMessages.COMMAND_EXAMPLE);
        }
        List<String> up = keys.has("up") ? keys.words("up", PlanMessages.COMMAND_EXAMPLE) : List.of();
        return new Migration(up, keys.has("down") ? keys.words("down", PlanMessages.COMMAND_EXAMPLE) : List.of());
    }

    private static UpdateOrder updateOrder(Keys service) {
        String name = service.textOr("update_order", UpdateOrder.STOP_FIRST.planName());
        return Arrays.stream(UpdateOrder.values())
                .filter(order -> order.planName().equals(name))
                .findFirst()
                .orElseGet(() -> {
                    service.problem(
                            service.path() + "/update_order",
                            "must be "
                                    + String.join(
                                            ", ",
                                            Arrays.stream(UpdateOrder.values())
                                                    .map(UpdateOrder::planName)
                                                    .toList())
                                    + " (start-first and drain-first need replicas that publish no host port; canary"
                                    + " needs canary: beside it)");
                    return UpdateOrder.STOP_FIRST;
                });
    }
}
