package io.relman.database;

/** A backup that retention deleted, and why. */
public record DeletedBackup(String id, long sizeBytes, String reason) {}
