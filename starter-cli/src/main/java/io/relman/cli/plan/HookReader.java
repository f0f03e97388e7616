package io.relman.cli.plan;

import static io.relman.cli.plan.SchemaNodes.key;
import static io.relman.cli.plan.SchemaNodes.named;
import static io.relman.cli.plan.SchemaNodes.object;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relman.plan.Hook;
import io.relman.plan.HookPhase;
import io.relman.plan.Hooks;
import io.relman.plan.PlanValidator;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a service's {@code hooks}: for each phase, its hooks by name, each with its argv, deadline, retries
 * and the replica it runs in; {@link #schema} describes the section for {@link PlanSchema}.
 */
final class HookReader {
    static final Set<String> PHASES = Set.copyOf(
            Arrays.stream(HookPhase.values()).map(HookPhase::planName).toList());
    /** {@code in} is read in every phase, so that the rules can say why only after_rollout takes it. */
    private static final Set<String> KEYS = Set.of("run", "deadline", "retries", "in");
    /** A replica's number as the plan writes it; digits only, so that a container's name is refused. */
    private static final Pattern REPLICA_NUMBER = Pattern.compile("[0-9]{1,9}");

    private static final String EXAMPLE = "[php, artisan, config:cache] (argv, no shell)";

    private HookReader() {}

    static Hooks read(Keys keys) {
        Map<HookPhase, List<Hook>> byPhase = new EnumMap<>(HookPhase.class);
        for (HookPhase phase : HookPhase.values()) {
            if (keys.has(phase.planName())) {
                byPhase.put(phase, keys.entries(phase.planName(), KEYS, HookReader::hook));
            }
        }
        return new Hooks(byPhase);
    }

    private static Hook hook(String name, Keys keys) {
        if (!keys.has("run")) {
            // Said as missing, as a migration's up is: "must be a list" would hide that the key is absent.
            keys.problem(keys.path() + "/run", "is missing; add run: its argv as a list, e.g. " + EXAMPLE);
        }
        return new Hook(
                name,
                keys.has("run") ? keys.words("run", EXAMPLE) : List.of(),
                keys.duration("deadline", Hook.DEFAULT_DEADLINE),
                keys.number("retries", 0),
                replica(keys));
    }

    /** The replica a hook runs in: null without {@code in}; 0, which the rules refuse, when it is no number. */
    private static Integer replica(Keys keys) {
        if (!keys.has("in")) {
            return null;
        }
        if (!REPLICA_NUMBER.matcher(keys.text("in")).matches()) {
            keys.problem(
                    keys.path() + "/in",
                    "must be the number of one of the service's replicas, e.g. 1 for its first: a number, not a"
                            + " container name, which differs per environment");
            return 0;
        }
        return Integer.parseInt(keys.text("in"));
    }

    /** The section in the plan's JSON schema. */
    static ObjectNode schema() {
        return object(
                "Commands run around the release (docs/hooks.md), by phase.",
                Arrays.stream(HookPhase.values())
                        .map(phase -> key(phase.planName(), named(describe(phase), hook(phase))))
                        .toArray(SchemaNodes.Key[]::new));
    }

    /**
     * A hook of {@code phase}. Every phase lists {@code in}, since relman reads it there, but only after_rollout
     * gives it a valid value: the others refuse it, as the plan's rules do.
     */
    private static ObjectNode hook(HookPhase phase) {
        return object(
                "A hook: its command, how long it may run, how often it is tried again after a failure, and the"
                        + " replica it runs in.",
                key("run", SchemaNodes.ref(SchemaNodes.COMMAND, "Its argv; {version} is the release's version.")),
                key("deadline", SchemaNodes.duration("Of one try.", Hook.DEFAULT_DEADLINE)),
                key(
                        "retries",
                        SchemaNodes.integer(
                                        "Tries after a failed one: only for a command safe to run twice.",
                                        0,
                                        Hook.MAX_RETRIES)
                                .put("default", 0)),
                key(
                        "in",
                        phase == HookPhase.AFTER_ROLLOUT
                                ? SchemaNodes.integer(
                                        "The number of the new replica to run it in (docker exec), 1 for the first;"
                                                + " without it, a one-off container of the new image.",
                                        1,
                                        PlanValidator.MAX_REPLICAS)
                                : SchemaNodes.never("Only an after_rollout hook runs in a replica it names.")));
    }

    private static String describe(HookPhase phase) {
        return switch (phase) {
            case AFTER_MIGRATE -> "After the migrate step, in a one-off container of the new image; by name.";
            case BEFORE_TRAFFIC -> "In each new replica (docker exec) once it is ready, before it gets traffic.";
            case AFTER_ROLLOUT -> "After every replica is replaced, in a one-off container or in a new replica.";
            case ON_UNDO -> "After an undo, in a one-off container of the image that runs again.";
        };
    }
}
