package io.relman.plan;

/**
 * What a restore does beyond its swap.
 *
 * @param backupReplaced also back up the database it replaces before the swap. Off by default: the swap
 *     keeps that database whole, aside, until retention drops it, and that is the restore's undo; a backup
 *     of it doubles a restore's time for a second copy of the same data.
 */
public record RestorePolicy(boolean backupReplaced) {
    public static final RestorePolicy DEFAULTS = new RestorePolicy(false);
}
