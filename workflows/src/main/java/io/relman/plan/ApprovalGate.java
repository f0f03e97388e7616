package io.relman.plan;

import java.time.Duration;
import java.util.List;

/**
 * A manual approval that a release of this environment waits for: {@code relman approve ENV}. The
 * wait is durable (a worker or server restart does not lose it); without an approval in time the
 * release fails and undoes what it did so far.
 *
 * @param before the step it holds: {@link #STEPS}
 */
public record ApprovalGate(String before, Duration timeout) {
  public static final List<String> STEPS = List.of("migrate", "rollout");
  public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(24);
}
