package io.relman.database;

/** One backup by its id, which must be there and whole (its data matching its sha256). */
public record WholeBackupQuery(BackupQuery query, String id) {}
