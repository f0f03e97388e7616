package io.relman.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;

/**
 * A service's canary ({@code update_order: canary}): {@code replicas} containers of the new version start
 * beside the current ones, nginx sends them a growing share of the traffic as {@code steps} say, and once
 * the last step is done the service's replicas are replaced in the {@code then} order while the canaries
 * serve on; they go last. An abort or a failure at any step takes them out of nginx and removes them.
 *
 * @param replicas how many canaries run beside the current replicas
 * @param steps what happens, in order: a share of the traffic, or a pause
 * @param then how the service's own replicas are replaced once the canary is promoted
 * @param analysis what fails the canary during its pauses, or null: only its health check and a person
 */
public record Canary(
        int replicas,
        List<CanaryStep> steps,
        UpdateOrder then,
        @JsonInclude(JsonInclude.Include.NON_NULL) CanaryAnalysis analysis) {
    public static final int DEFAULT_REPLICAS = 1;
    /** The longest pause a step may ask: the environment stays locked for as long as a canary runs. */
    public static final Duration LONGEST_PAUSE = Duration.ofHours(24);

    /** A canary that only its health check and a person judge. */
    public Canary(int replicas, List<CanaryStep> steps, UpdateOrder then) {
        this(replicas, steps, then, null);
    }

    public Canary {
        steps = steps == null ? List.of() : List.copyOf(steps);
        then = then == null ? UpdateOrder.STOP_FIRST : then;
    }

    /**
     * One step: {@code weight} (the percentage of the service's traffic the canaries get from now on), or a
     * pause of {@code pause}, or, with {@code untilPromoted}, a pause that ends at {@code relman promote}.
     */
    public record CanaryStep(Integer weight, Duration pause, boolean untilPromoted) {
        public static CanaryStep weight(int percent) {
            return new CanaryStep(percent, null, false);
        }

        public static CanaryStep pause(Duration duration) {
            return new CanaryStep(null, duration, false);
        }

        public static CanaryStep pauseUntilPromoted() {
            return new CanaryStep(null, null, true);
        }

        public boolean setsWeight() {
            return weight != null;
        }

        /** As the dry run and the docs write it: {@code weight 10%}, {@code pause 5m}, {@code pause until promoted}. */
        public String describe() {
            return setsWeight()
                    ? "weight " + weight + "%"
                    : untilPromoted ? "pause until relman promote" : "pause " + Durations.text(pause);
        }
    }

    /** {@code 1 canary}, {@code 2 canaries}. */
    public String count() {
        return replicas + " canar" + (replicas == 1 ? "y" : "ies");
    }

    /** The steps, as the dry run writes them: {@code weight 10%, pause 5m, weight 50%}. */
    public String describeSteps() {
        return String.join(", ", steps.stream().map(CanaryStep::describe).toList());
    }
}
