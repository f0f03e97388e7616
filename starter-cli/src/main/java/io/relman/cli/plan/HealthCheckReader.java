package io.relman.cli.plan;

import static io.relman.cli.plan.SchemaNodes.atLeast;
import static io.relman.cli.plan.SchemaNodes.duration;
import static io.relman.cli.plan.SchemaNodes.key;
import static io.relman.cli.plan.SchemaNodes.object;
import static io.relman.cli.plan.SchemaNodes.ref;
import static io.relman.cli.plan.SchemaNodes.text;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relman.plan.HealthCheck;
import java.util.Set;

/** A service's {@code healthcheck}: its keys, how they are read, and their schema, side by side. */
final class HealthCheckReader {
    static final Set<String> KEYS =
            Set.of("path", "interval", "timeout", "deadline", "failures", "start_period", "monitor");

    private HealthCheckReader() {}

    static HealthCheck read(Keys keys) {
        return new HealthCheck(
                keys.text("path"),
                keys.duration("interval", HealthCheck.DEFAULT_INTERVAL),
                keys.duration("timeout", HealthCheck.DEFAULT_TIMEOUT),
                keys.duration("deadline", HealthCheck.DEFAULT_DEADLINE),
                keys.has("failures") ? keys.number("failures", 0) : null,
                keys.duration("start_period", null),
                keys.duration("monitor", null));
    }

    static ObjectNode schema() {
        return object(
                "GET, 2xx is healthy, probed from nginx's network.",
                key("path", text("The URL path, starting with /.")),
                key("interval", duration("Between probes.", HealthCheck.DEFAULT_INTERVAL)),
                key("timeout", duration("Of one probe.", HealthCheck.DEFAULT_TIMEOUT)),
                key("deadline", duration("Healthy within this long.", HealthCheck.DEFAULT_DEADLINE)),
                key(
                        "failures",
                        atLeast(
                                "Broken after this many answers in a row that are not 2xx (off by default: apps that"
                                        + " answer 503 while they warm up).",
                                1)),
                key("start_period", ref(SchemaNodes.DURATION, "Answers before it do not count against failures.")),
                key(
                        "monitor",
                        ref(
                                SchemaNodes.DURATION,
                                "Once a new replica passed, watch it this long while the rollout goes on: if its"
                                        + " container exits or restarts, or failures (default 3) probes in a row"
                                        + " are not 2xx, the release fails and is undone. At most 1h.")));
    }
}
