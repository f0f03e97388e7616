package io.relman.cli.plan;

import static io.relman.cli.plan.SchemaNodes.JSON;
import static io.relman.cli.plan.SchemaNodes.choice;
import static io.relman.cli.plan.SchemaNodes.integer;
import static io.relman.cli.plan.SchemaNodes.key;
import static io.relman.cli.plan.SchemaNodes.object;
import static io.relman.cli.plan.SchemaNodes.ref;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relman.cli.yaml.YamlDocument.YamlMap;
import io.relman.plan.Canary;
import io.relman.plan.Canary.CanaryStep;
import io.relman.plan.CanaryAnalysis;
import io.relman.plan.PlanValidator;
import io.relman.plan.UpdateOrder;
import java.util.Arrays;
import java.util.Set;

/** A service's {@code canary}: its keys, how they are read, and their schema, side by side. */
final class CanaryReader {
    static final Set<String> KEYS = Set.of("replicas", "steps", "then", "analysis");
    static final Set<String> ANALYSIS_KEYS = Set.of("interval", "max_error_rate", "max_p95", "min_requests", "log");
    static final Set<String> STEP_KEYS = Set.of("weight", "pause");
    static final String STEPS_EXAMPLE = "[{weight: 10}, {pause: 5m}, {weight: 50}, {pause: {}}]";

    private CanaryReader() {}

    static Canary read(Keys keys) {
        return new Canary(
                keys.number("replicas", Canary.DEFAULT_REPLICAS),
                keys.items("steps", STEP_KEYS, CanaryReader::step, STEPS_EXAMPLE),
                then(keys),
                keys.mapping("analysis", ANALYSIS_KEYS, CanaryReader::analysis));
    }

    /** {@code {interval: 30s, max_error_rate: 1%, max_p95: 500ms, min_requests: 20, log: PATH}}. */
    private static CanaryAnalysis analysis(Keys keys) {
        return new CanaryAnalysis(
                keys.duration("interval", CanaryAnalysis.DEFAULT_INTERVAL),
                percent(keys, "max_error_rate", CanaryAnalysis.DEFAULT_MAX_ERROR_PERCENT),
                keys.duration("max_p95", null),
                keys.number("min_requests", CanaryAnalysis.DEFAULT_MIN_REQUESTS),
                keys.textOr("log", CanaryAnalysis.DEFAULT_LOG));
    }

    /** {@code 1%}, {@code 0.5%}: a problem, and the fallback, when it is no percentage from 0 to 100. */
    private static double percent(Keys keys, String key, double fallback) {
        if (!keys.has(key)) {
            return fallback;
        }
        String text = keys.text(key).strip();
        if (text.matches("\\d{1,3}(\\.\\d+)?%") && Double.parseDouble(text.substring(0, text.length() - 1)) <= 100) {
            return Double.parseDouble(text.substring(0, text.length() - 1));
        }
        keys.problem(keys.path() + "/" + key, "must be a percentage from 0% to 100%, e.g. 1% or 0.5%");
        return fallback;
    }

    /** {@code {weight: 10}}, {@code {pause: 5m}}, or {@code {pause: {}}} (until relman promote). */
    private static CanaryStep step(Keys step) {
        if (step.has("weight") == step.has("pause")) {
            step.problem(
                    step.path(),
                    "must be either {weight: PERCENT} or {pause: DURATION}, or {pause: {}} to wait"
                            + " for relman promote");
            return CanaryStep.pauseUntilPromoted();
        }
        if (step.has("weight")) {
            return CanaryStep.weight(step.number("weight", 0));
        }
        if (step.node("pause") instanceof YamlMap until) {
            if (!until.entries().isEmpty()) {
                step.problem(step.path() + "/pause", "is a duration (5m), or {} to wait for relman promote");
            }
            return CanaryStep.pauseUntilPromoted();
        }
        return CanaryStep.pause(step.duration("pause", Canary.LONGEST_PAUSE));
    }

    private static UpdateOrder then(Keys keys) {
        String name = keys.textOr("then", UpdateOrder.STOP_FIRST.planName());
        return Arrays.stream(UpdateOrder.values())
                .filter(order -> order.planName().equals(name) && order != UpdateOrder.CANARY)
                .findFirst()
                .orElseGet(() -> {
                    keys.problem(
                            keys.path() + "/then",
                            "must be stop-first, start-first or drain-first: how the"
                                    + " service's replicas are replaced once the canary is promoted");
                    return UpdateOrder.STOP_FIRST;
                });
    }

    static ObjectNode schema() {
        ObjectNode weight = object(
                "From now on, this percentage of the service's traffic goes to the canaries (nginx weights).",
                key("weight", integer("Percent.", 1, 99)));
        weight.putArray("required").add("weight");
        ObjectNode untilPromoted = object("Until relman promote ENV.");
        ObjectNode pause = object(
                "A durable pause: for a duration (at most 24h; relman promote ends it early), or {} until relman"
                        + " promote.",
                key(
                        "pause",
                        JSON.objectNode()
                                .set(
                                        "oneOf",
                                        JSON.arrayNode()
                                                .add(ref(SchemaNodes.DURATION))
                                                .add(untilPromoted))));
        pause.putArray("required").add("pause");
        ObjectNode steps = JSON.objectNode()
                .put("type", "array")
                .put("description", "In order; at least one weight.")
                .put("minItems", 1);
        steps.putObject("items").set("oneOf", JSON.arrayNode().add(weight).add(pause));
        return object(
                "With update_order: canary: canaries of the new version beside the replicas, given a share of the"
                        + " traffic step by step; relman abort ENV takes them out and removes them.",
                key(
                        "replicas",
                        integer("How many canaries.", 1, PlanValidator.MAX_REPLICAS)
                                .put("default", Canary.DEFAULT_REPLICAS)),
                key("steps", steps),
                key(
                        "analysis",
                        object(
                                "During every pause, every interval: the canaries' requests in nginx's upstream log;"
                                        + " too many 5xx, or a p95 too slow, fails the release (docs/canary.md).",
                                key("interval", SchemaNodes.duration("How often.", CanaryAnalysis.DEFAULT_INTERVAL)),
                                key(
                                        "max_error_rate",
                                        SchemaNodes.text("The canaries' 5xx share above which they fail, e.g. 1%.")
                                                .put("pattern", "^[0-9]{1,3}(\\.[0-9]+)?%$")
                                                .put("default", "1%")),
                                key("max_p95", ref(SchemaNodes.DURATION, "Their 95th percentile response time.")),
                                key(
                                        "min_requests",
                                        SchemaNodes.atLeast("Fewer requests in an interval decide nothing.", 1)
                                                .put("default", CanaryAnalysis.DEFAULT_MIN_REQUESTS)),
                                key(
                                        "log",
                                        SchemaNodes.text("nginx's upstream log in its container.")
                                                .put("default", CanaryAnalysis.DEFAULT_LOG)))),
                key(
                        "then",
                        choice(
                                        "How the replicas are replaced once the steps are done; the canaries serve"
                                                + " meanwhile, and are removed last.",
                                        Arrays.stream(UpdateOrder.values())
                                                .filter(order -> order != UpdateOrder.CANARY)
                                                .map(UpdateOrder::planName)
                                                .toList())
                                .put("default", UpdateOrder.STOP_FIRST.planName())));
    }
}
