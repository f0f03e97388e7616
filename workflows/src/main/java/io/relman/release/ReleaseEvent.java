package io.relman.release;

import io.relman.plan.ReleaseStep;

/** One line of a release's story: when (since the release started), in which step, how far, what. */
public record ReleaseEvent(long atMillis, ReleaseStep step, int percent, String message) {}
