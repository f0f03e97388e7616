package io.relman.database;

/** The finished backups in {@code backupDir} whose ids start with {@code idPrefix} ({@link BackupIds#prefix}). */
public record BackupQuery(String backupDir, String idPrefix) {}
