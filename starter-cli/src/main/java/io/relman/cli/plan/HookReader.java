package io.relman.cli.plan;

import static io.relman.cli.plan.SchemaNodes.key;
import static io.relman.cli.plan.SchemaNodes.named;
import static io.relman.cli.plan.SchemaNodes.object;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relman.plan.Hook;
import io.relman.plan.HookPhase;
import io.relman.plan.Hooks;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a service's {@code hooks}: for each phase, its hooks by name, each with its argv, deadline and retries;
 * {@link #schema} describes the section for {@link PlanSchema}.
 */
final class HookReader {
    static final Set<String> PHASES = Set.copyOf(
            Arrays.stream(HookPhase.values()).map(HookPhase::planName).toList());
    private static final Set<String> KEYS = Set.of("run", "deadline", "retries");
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
                keys.number("retries", 0));
    }

    /** The section in the plan's JSON schema. */
    static ObjectNode schema() {
        ObjectNode hook = object(
                "A hook: its command, how long it may run, and how often it is tried again after a failure.",
                key("run", SchemaNodes.ref(SchemaNodes.COMMAND, "Its argv; {version} is the release's version.")),
                key("deadline", SchemaNodes.duration("Of one try.", Hook.DEFAULT_DEADLINE)),
                key(
                        "retries",
                        SchemaNodes.integer(
                                        "Tries after a failed one: only for a command safe to run twice.",
                                        0,
                                        Hook.MAX_RETRIES)
                                .put("default", 0)));
        return object(
                "Commands run around the release (docs/hooks.md), by phase.",
                Arrays.stream(HookPhase.values())
                        .map(phase -> key(phase.planName(), named(describe(phase), hook.deepCopy())))
                        .toArray(SchemaNodes.Key[]::new));
    }

    private static String describe(HookPhase phase) {
        return switch (phase) {
            case AFTER_MIGRATE -> "After the migrate step, in a one-off container of the new image; by name.";
            case BEFORE_TRAFFIC -> "In each new replica (docker exec) once it is ready, before it gets traffic.";
            case AFTER_ROLLOUT -> "After every replica is replaced, in a one-off container of the new image.";
            case ON_UNDO -> "After an undo, in a one-off container of the image that runs again.";
        };
    }
}
