package io.relman.database;

import io.relman.plan.Database;
import io.relman.plan.Host;
import io.relman.plan.OnHost;

/**
 * @param scratchDatabase the database the backup is restored into and verified in, before it takes the
 *     live one's name
 * @param asideDatabase the name the live database is kept under once the restored one replaces it
 * @param host the machine whose docker engine this acts on
 */
public record RestoreRequest(
        Host host, Database database, BackupFile backup, String scratchDatabase, String asideDatabase)
        implements OnHost, OnBackup {}
