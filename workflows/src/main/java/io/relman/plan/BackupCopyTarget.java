package io.relman.plan;

/**
 * Where each backup of its own is copied once it is on the worker ({@code database.backup.copy_to}): a
 * directory on another of the environment's hosts, written over SFTP, so that a backup outlives the
 * worker's disk as well as the database host.
 *
 * @param host one of the environment's hosts (not local: that is the worker's own disk)
 * @param dir an absolute directory on that host, which the SSH user may write
 */
public record BackupCopyTarget(String host, String dir) {}
