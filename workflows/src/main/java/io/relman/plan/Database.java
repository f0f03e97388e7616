package io.relman.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;

/**
 * The stack's database (PostgreSQL, MariaDB or MySQL): the container it runs in on the stack's network, the database and user,
 * the name of the worker's environment variable that holds the password (never the password), and
 * the directory on the worker's host that its backups go to.
 *
 * @param maxBackupAge a release without a migration takes a backup first unless one younger than this
 *     is in the backup directory (a release with one always takes its own)
 * @param backup the schedule, retention and drill of its backups
 * @param host the environment's host that runs the container, or null: the environment's {@code host}
 * @param adminUser a role that creates, drops and renames the scratch database a restore swaps in, where
 *     {@code user} may not create databases (a hardened or managed PostgreSQL); or null: {@code user} does
 * @param adminPasswordEnv the worker's variable that holds {@code adminUser}'s password, or null
 * @param engine the server it is; null (plans recorded before MariaDB) means PostgreSQL
 * @param restore what a restore does beyond its swap; null: the defaults (left out of the payload then, so
 *     that a worker from before it reads the plan)
 */
public record Database(
        String container,
        int port,
        String name,
        String user,
        String passwordEnv,
        String backupDir,
        Duration maxBackupAge,
        BackupPolicy backup,
        String host,
        String adminUser,
        String adminPasswordEnv,
        DatabaseEngine engine,
        @JsonInclude(JsonInclude.Include.NON_NULL) RestorePolicy restore) {
    /** PostgreSQL's; another engine's is its {@link DatabaseEngine#defaultPort}. */
    public static final int DEFAULT_PORT = 5432;

    public static final String DEFAULT_BACKUP_DIR = "/var/lib/relman/backups";
    /** A nightly backup and a margin. */
    public static final Duration DEFAULT_MAX_BACKUP_AGE = Duration.ofHours(26);

    public Database {
        maxBackupAge = maxBackupAge == null ? DEFAULT_MAX_BACKUP_AGE : maxBackupAge;
        backup = backup == null ? BackupPolicy.DEFAULTS : backup;
        engine = engine == null ? DatabaseEngine.POSTGRESQL : engine;
    }

    /** A PostgreSQL database with an admin role (or none). */
    public Database(
            String container,
            int port,
            String name,
            String user,
            String passwordEnv,
            String backupDir,
            Duration maxBackupAge,
            BackupPolicy backup,
            String host,
            String adminUser,
            String adminPasswordEnv) {
        this(
                container,
                port,
                name,
                user,
                passwordEnv,
                backupDir,
                maxBackupAge,
                backup,
                host,
                adminUser,
                adminPasswordEnv,
                DatabaseEngine.POSTGRESQL,
                null);
    }

    /** A database whose own user creates the scratch database of a restore (no admin role). */
    public Database(
            String container,
            int port,
            String name,
            String user,
            String passwordEnv,
            String backupDir,
            Duration maxBackupAge,
            BackupPolicy backup,
            String host) {
        this(container, port, name, user, passwordEnv, backupDir, maxBackupAge, backup, host, null, null, null, null);
    }

    /** Whether a restore also backs up the database it replaces ({@code restore.backup_replaced}). */
    public boolean backsUpReplaced() {
        return restore != null && restore.backupReplaced();
    }

    /** The role that creates, drops and renames a restore's scratch database: the admin role if any, else user. */
    public String scratchRole() {
        return adminUser == null ? user : adminUser;
    }
}
