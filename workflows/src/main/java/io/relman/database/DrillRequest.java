package io.relman.database;

import io.relman.plan.Database;

/**
 * @param scratchDatabase where the backup is restored for the drill, and dropped afterwards
 * @param check the plan's drill_check SQL, run on the restored copy, or null
 */
public record DrillRequest(Database database, BackupFile backup, String scratchDatabase, String check) {}
