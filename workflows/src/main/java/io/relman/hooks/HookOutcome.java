package io.relman.hooks;

/** A hook's exit code, the last lines it printed, and how long it ran. */
public record HookOutcome(int exitCode, String outputTail, long elapsedMillis) {}
