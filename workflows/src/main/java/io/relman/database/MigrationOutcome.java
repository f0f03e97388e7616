package io.relman.database;

/** The migration command's exit code and the last lines it printed. */
public record MigrationOutcome(int exitCode, String outputTail, long elapsedMillis) {}
