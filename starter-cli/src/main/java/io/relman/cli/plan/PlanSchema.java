package io.relman.cli.plan;

import static io.relman.cli.plan.SchemaNodes.JSON;
import static io.relman.cli.plan.SchemaNodes.array;
import static io.relman.cli.plan.SchemaNodes.atLeast;
import static io.relman.cli.plan.SchemaNodes.choice;
import static io.relman.cli.plan.SchemaNodes.duration;
import static io.relman.cli.plan.SchemaNodes.integer;
import static io.relman.cli.plan.SchemaNodes.key;
import static io.relman.cli.plan.SchemaNodes.named;
import static io.relman.cli.plan.SchemaNodes.object;
import static io.relman.cli.plan.SchemaNodes.port;
import static io.relman.cli.plan.SchemaNodes.ref;
import static io.relman.cli.plan.SchemaNodes.scalar;
import static io.relman.cli.plan.SchemaNodes.steps;
import static io.relman.cli.plan.SchemaNodes.text;
import static io.relman.cli.plan.SchemaNodes.words;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relman.plan.ApprovalGate;
import io.relman.plan.Build;
import io.relman.plan.Environment;
import io.relman.plan.LoadBalancer;
import io.relman.plan.PlanValidator;
import io.relman.plan.ReleaseStep;
import io.relman.plan.ReleaseSteps;
import io.relman.plan.ReplicaNames;
import io.relman.plan.Service;
import io.relman.plan.Spread;
import io.relman.plan.UpdateOrder;
import java.util.Arrays;
import java.util.List;

/**
 * The plan as a JSON Schema (draft-07, what yaml-language-server reads best): every key with its type,
 * default and description, and {@code additionalProperties: false} on every mapping, so an editor flags
 * a typo as relman would. {@code relman schema} prints it; docs/plan.schema.json is that output.
 *
 * <p>Which keys exist where is {@link PlanReader}'s (PlanSchemaTest checks both name the same keys at
 * every mapping); the defaults and the lists of choices come from the plan's own constants. What values
 * may be beyond their type (names, references, step order) stays {@link PlanValidator}'s.
 */
public final class PlanSchema {
    private static final String VARIABLES = "#/definitions/variables";

    private PlanSchema() {}

    /** The schema as printed: two-space indentation, a newline at the end. */
    public static String json() {
        return SchemaNodes.print(schema());
    }

    static ObjectNode schema() {
        ObjectNode plan = object(
                "A relman plan (relman.yml): a stack, where it runs, and how it is released.",
                key(
                        "project",
                        text("The project's name, lowercase letters, digits and dashes; part of every container"
                                + " name.")),
                key(
                        "environments",
                        named(
                                "Where the stack runs, by name (lowercase): relman deploy --env NAME.",
                                ref("#/definitions/environment"))),
                key("services", named("The services, released in this order, by name.", ref("#/definitions/service"))));
        plan.putArray("required").add("project").add("environments").add("services");
        ObjectNode root = JSON.objectNode();
        root.put("$schema", "http://json-schema.org/draft-07/schema#");
        root.put("title", "relman plan");
        root.setAll(plan);
        ObjectNode definitions = root.putObject("definitions");
        definitions.set("environment", environment());
        definitions.set("host", host());
        definitions.set("service", service());
        definitions.set("duration", text("A duration: 500ms, 10s, 2m or 1h.").put("pattern", "^[0-9]+(ms|s|m|h)$"));
        ObjectNode variables = JSON.objectNode().put("type", "object").put("description", "Names mapped to values.");
        definitions.set("variables", variables.set("additionalProperties", scalar("The value.")));
        definitions.set("command", words("A command as a list of words (argv, never a shell line)."));
        return root;
    }

    private static ObjectNode environment() {
        return object(
                "An environment: its host, network, load balancer, database and release steps.",
                key(
                        "host",
                        text("Where it runs: local (the worker's own engine) or a name from hosts.")
                                .put("default", Environment.LOCAL_HOST)),
                key("hosts", named("Machines the worker reaches over SSH, by name.", ref("#/definitions/host"))),
                key("spread", spread()),
                key("network", text("The docker network of the replicas, the database and nginx.")),
                key("load_balancer", loadBalancer()),
                key("database", DatabaseSchema.database()),
                key("env", ref(VARIABLES, "Variables for every service in this environment.")),
                key("approval", approval()),
                key("notify", NotifyReader.schema()),
                key("maintenance", MaintenanceReader.schema()),
                key(
                        "min_free_disk",
                        text("A release starts only with this much free disk: 500MB, 2GB.")
                                .put("pattern", "^[0-9]{1,6}(MB|GB)$")
                                .put("default", (Environment.DEFAULT_MIN_FREE_DISK_BYTES >> 30) + "GB")),
                key(
                        "steps",
                        steps("The order of a release's steps.", planned())
                                .set("default", array(ReleaseSteps.DEFAULT_NAMES))));
    }

    private static ObjectNode host() {
        return object(
                "A machine the worker reaches over SSH, or that has a relman worker of its own.",
                key("ssh", text("USER@ADDRESS[:PORT]; no options, no shell.")),
                key("key", text("The private key's file on the worker's host, relative to the plan.")),
                key("key_env", text("Instead of key: the worker variable that holds the private key.")),
                key("passphrase_env", text("The worker variable that holds the key's passphrase.")),
                key(
                        "known_hosts",
                        text("The known_hosts file the host's key must be in (relman hosts trust prints" + " it).")),
                key("address", text("Its private address, for replicas spread over hosts.")),
                key("jump", text("Another of hosts this one is reached through (one hop).")),
                key("worker", text("Instead of ssh: the task queue of a relman worker on that host.")));
    }

    private static ObjectNode spread() {
        return object(
                "Replicas spread over several hosts.",
                key(
                        "hosts_at_once",
                        atLeast("How many hosts are released at once, at most all of them.", 1)
                                .put("default", Spread.DEFAULT_HOSTS_AT_ONCE)),
                key("pause_between_hosts", duration("A pause after each host.", Spread.DEFAULT_PAUSE_BETWEEN_HOSTS)),
                key(
                        "services",
                        named(
                                "The services spread, by name.",
                                object(
                                        "Where a service's replicas run.",
                                        key("hosts", words("The hosts its replicas run on, e.g. [web1, web2].")),
                                        key(
                                                "publish",
                                                integer(
                                                        "The host port its replicas publish for the load balancer.",
                                                        1024,
                                                        65535))))));
    }

    private static ObjectNode loadBalancer() {
        return object(
                "The nginx container in front of the services' replicas; needed when a service has a port.",
                key("container", text("The nginx container.")),
                key(
                        "config_dir",
                        text("relman's directory in it: one file per upstream, UPSTREAM.conf.")
                                .put("default", LoadBalancer.DEFAULT_CONFIG_DIR)),
                key(
                        "port",
                        port("Where nginx listens in its container, for validate.")
                                .put("default", LoadBalancer.DEFAULT_PORT)),
                key("host", text("Its own host (one of hosts); then every service with a port is spread.")));
    }

    private static ObjectNode approval() {
        ObjectNode before = JSON.objectNode().put("description", "A step, or a list of them, held for relman approve.");
        before.putArray("oneOf").add(choice("A step.", planned())).add(steps("Steps.", planned()));
        return object(
                "Releases here wait for relman approve.",
                key("before", before),
                key("timeout", duration("Then the release fails and undoes itself.", ApprovalGate.DEFAULT_TIMEOUT)));
    }

    private static ObjectNode service() {
        return object(
                "A service: its image, replicas, health check and migration.",
                key("image", text("The image repository without tag; the release's version is the tag.")),
                key(
                        "build",
                        object(
                                "Build the image from source; without it, IMAGE:VERSION must be on the engine.",
                                key("context", text("The build context, relative to the plan.")),
                                key(
                                        "dockerfile",
                                        text("Relative to the context.").put("default", Build.DEFAULT_DOCKERFILE)),
                                key("args", ref(VARIABLES, "Build arguments; {version} is the release's version.")))),
                key(
                        "replicas",
                        integer("Its containers.", 1, PlanValidator.MAX_REPLICAS)
                                .put("default", 1)),
                key("replica_names", text("The replicas' container names.").put("default", ReplicaNames.DEFAULT)),
                key("port", port("The port the app listens on in its container; none for a worker.")),
                key("upstream", text("Its nginx upstream, in config_dir/UPSTREAM.conf (default: the service's name).")),
                key("env", ref(VARIABLES, "Variables of its containers.")),
                key("secret_env", ref(VARIABLES, "Container variables mapped to the worker variables that hold them.")),
                key("healthcheck", HealthCheckReader.schema()),
                key("stop_grace_period", duration("docker stop -t.", Service.DEFAULT_STOP_GRACE_PERIOD)),
                key(
                        "min_uptime",
                        duration(
                                "A service without a port is up after running this long, unless its image has a"
                                        + " HEALTHCHECK.",
                                Service.DEFAULT_MIN_UPTIME)),
                key(
                        "update_order",
                        choice(
                                        "stop-first; start-first: the new replica serves before the old one stops;"
                                                + " drain-first: the old one stops while the new one starts;"
                                                + " canary: canaries first, as canary: says.",
                                        Arrays.stream(UpdateOrder.values())
                                                .map(UpdateOrder::planName)
                                                .toList())
                                .put("default", UpdateOrder.STOP_FIRST.planName())),
                key(
                        "migration",
                        object(
                                "The app's own migration command, run in a one-off container of the new image.",
                                key("up", ref(SchemaNodes.COMMAND, "The migration.")),
                                key("down", ref(SchemaNodes.COMMAND, "Its undo, run with the new image.")))),
                key("canary", CanaryReader.schema()),
                key("hooks", HookReader.schema()),
                key("maintenance", MaintenanceReader.serviceSchema()),
                key("validate", words("After the rollout, through nginx, each path must answer 2xx.")),
                key(
                        "validate_deadline",
                        duration("Within this long after the last reload.", Service.DEFAULT_VALIDATE_DEADLINE)));
    }

    /** The steps a plan may name. */
    private static List<String> planned() {
        return Arrays.stream(ReleaseStep.values())
                .map(ReleaseStep::planName)
                .filter(name -> ReleaseStep.planned(name).isPresent())
                .toList();
    }
}
