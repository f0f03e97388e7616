package io.relman.plan;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A service's {@code hooks}: for each {@link HookPhase}, its hooks in the plan's order. */
public record Hooks(Map<HookPhase, List<Hook>> byPhase) {
    public static final Hooks NONE = new Hooks(Map.of());

    public Hooks {
        Map<HookPhase, List<Hook>> copy = new EnumMap<>(HookPhase.class);
        if (byPhase != null) {
            byPhase.forEach((phase, hooks) -> {
                if (hooks != null && !hooks.isEmpty()) {
                    copy.put(phase, List.copyOf(hooks));
                }
            });
        }
        byPhase = Map.copyOf(copy);
    }

    /** The hooks of {@code phase}, in order; none when the plan gives none. */
    public List<Hook> at(HookPhase phase) {
        return byPhase.getOrDefault(phase, List.of());
    }
}
