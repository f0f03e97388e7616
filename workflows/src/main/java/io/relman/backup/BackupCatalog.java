package io.relman.backup;

import java.util.List;

/**
 * An environment's backups, newest first, and its newest drill (of any backup, or of none when there
 * was no whole backup to restore), or null.
 */
public record BackupCatalog(List<BackupEntry> backups, DrillRecord lastDrill) {}
