package io.relman.deploy;

/** One line of a release's story: when (since the release started), in which step, how far, what. */
public record DeployEvent(long atMillis, String step, int percent, String message) {}
