package io.relman.plan;

import java.time.Duration;
import java.util.List;

/**
 * One command a service's {@code hooks} run around a release (see {@link HookPhase} for where).
 *
 * @param name how the progress, the history and the Web UI call it; part of its container's name
 * @param run its argv (never a shell line); {@code {version}} is the release's version
 * @param deadline how long one try may run
 * @param retries how many times a failed try is tried again: 0 unless the plan says the command is safe to
 *     run twice
 * @param in the number (from 1) of the service's replica an {@code after_rollout} hook runs in ({@code docker
 *     exec}); null: in a one-off container. A number, not a container name: the names differ per environment
 */
public record Hook(String name, List<String> run, Duration deadline, int retries, Integer in) {
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(1);
    public static final int MAX_RETRIES = 5;

    public Hook {
        run = run == null ? List.of() : List.copyOf(run);
        deadline = deadline == null ? DEFAULT_DEADLINE : deadline;
    }

    /** Its argv for a release of {@code version}. */
    public List<String> command(String version) {
        return run.stream()
                .map(arg -> arg.replace(Build.VERSION_PLACEHOLDER, version))
                .toList();
    }

    /** As the progress says it: {@code before_traffic hook warm-cache}. */
    public String describe(HookPhase phase) {
        return phase.planName() + " hook " + name;
    }
}
