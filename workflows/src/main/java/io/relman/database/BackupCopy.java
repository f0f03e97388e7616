package io.relman.database;

import java.util.List;

/**
 * A backup's copy on another host, each file read back there and its sha256 found equal to the worker's.
 *
 * @param location {@code HOST:PATH} of the copied data
 * @param files how many files were copied (the data, or each table's file, and the manifest)
 * @param bytes their size
 * @param removed the copies of deleted backups removed there
 */
public record BackupCopy(String location, int files, long bytes, List<String> removed, long elapsedMillis) {}
