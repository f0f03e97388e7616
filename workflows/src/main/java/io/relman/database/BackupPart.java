package io.relman.database;

/** One file of a directory-format dump, relative to its directory, with its size and sha256. */
public record BackupPart(String name, long sizeBytes, String sha256) {}
