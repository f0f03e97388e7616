package io.relman.docker;

/**
 * The pre-flight check of the worker's Docker engine: it answers, and there is room for a release.
 *
 * @param backupDir the plan's backup directory (it may be on another file system), or null without a database
 * @param minFreeBytes what must be free under the engine's data directory and under {@code backupDir}
 */
public record EngineCheck(String backupDir, long minFreeBytes) {}
