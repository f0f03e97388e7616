package io.relman.database;

import io.relman.plan.Database;
import io.relman.plan.Host;
import io.relman.plan.OnHost;

/**
 * @param scratchDatabase where the backup is restored for the drill, and dropped afterwards
 * @param check the plan's drill_check SQL, run on the restored copy, or null
 * @param host the machine whose docker engine this acts on
 */
public record DrillRequest(Host host, Database database, BackupFile backup, String scratchDatabase, String check)
        implements OnHost, OnBackup {}
