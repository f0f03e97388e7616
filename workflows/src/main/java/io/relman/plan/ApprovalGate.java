package io.relman.plan;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.Duration;
import java.util.List;

/**
 * A manual approval that a release of this environment waits for before each of some steps:
 * {@code relman approve ENV}. The wait is durable (a worker or server restart does not lose it);
 * without an approval in time the release fails and undoes what it did so far. Each approval opens
 * one gate: the one the run waits at, or else the next one; a second approval before that gate is
 * ignored.
 *
 * @param before the steps it holds ({@link ReleaseSteps}); a single step name in older histories
 */
public record ApprovalGate(
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> before,

        Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(24);

    public ApprovalGate {
        before = before == null ? List.of() : List.copyOf(before);
    }
}
