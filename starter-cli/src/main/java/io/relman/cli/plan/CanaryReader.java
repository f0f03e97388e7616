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
import io.relman.plan.PlanValidator;
import io.relman.plan.UpdateOrder;
import java.util.Arrays;
import java.util.Set;

/** A service's {@code canary}: its keys, how they are read, and their schema, side by side. */
final class CanaryReader {
    static final Set<String> KEYS = Set.of("replicas", "steps", "then");
    static final Set<String> STEP_KEYS = Set.of("weight", "pause");
    static final String STEPS_EXAMPLE = "[{weight: 10}, {pause: 5m}, {weight: 50}, {pause: {}}]";

    private CanaryReader() {}

    static Canary read(Keys keys) {
        return new Canary(
                keys.number("replicas", Canary.DEFAULT_REPLICAS),
                keys.items("steps", STEP_KEYS, CanaryReader::step, STEPS_EXAMPLE),
                then(keys));
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
