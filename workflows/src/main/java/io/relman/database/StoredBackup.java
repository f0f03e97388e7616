package io.relman.database;

/** A finished backup in the backup directory, and when it was finished (its metadata written). */
public record StoredBackup(BackupFile backup, long finishedAtMillis) {}
