package io.relman.database;

import java.util.List;

/** What retention deleted, and how many backups are left. */
public record PrunedBackups(List<DeletedBackup> deleted, int kept) {
    public PrunedBackups {
        deleted = List.copyOf(deleted);
    }
}
