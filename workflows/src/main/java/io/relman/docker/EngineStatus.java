package io.relman.docker;

/** @param freeBytes the smaller of the free space under the engine's data directory and the backup directory */
public record EngineStatus(String version, String dataDir, long freeBytes) {}
