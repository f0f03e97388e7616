package io.relman.database;

import io.relman.plan.Host;
import java.util.List;

/**
 * Copy {@code backup}, on the worker, into {@code dir} on {@code host} over SFTP; and remove there the
 * copies of the backups retention just deleted on the worker ({@code deletedIds}).
 */
public record BackupCopyRequest(Host host, String dir, BackupFile backup, List<String> deletedIds)
        implements OnBackup {}
