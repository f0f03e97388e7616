package io.relman.plan;

import java.util.regex.Pattern;

/**
 * The rules of an environment's {@code database}: the stack's PostgreSQL, its host, its admin role and where
 * its backups go (their policy is {@link BackupRules}').
 */
final class DatabaseRules {
    static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final Pattern NO_SPACE = Pattern.compile("\\S+");

    private DatabaseRules() {}

    static void check(Problems problems, String path, Environment environment) {
        Database database = environment.database();
        problems.text(
                path + "/container",
                database.container(),
                Problems.CONTAINER,
                "the name of the database's container on the stack's network",
                true);
        problems.range(path + "/port", database.port(), 1, 65535);
        problems.text(path + "/name", database.name(), DATABASE_NAME, "the database's name", true);
        problems.text(path + "/user", database.user(), DATABASE_NAME, "the database user", true);
        problems.text(
                path + "/password_env",
                database.passwordEnv(),
                Problems.ENV_VAR,
                "the name of the worker's"
                        + " environment variable that holds the password, e.g. SHOP_DB_PASSWORD, not the password itself",
                true);
        admin(problems, path, database);
        problems.text(
                path + "/backup_dir",
                database.backupDir(),
                NO_SPACE,
                "a directory on the worker's host, absolute or relative to the plan",
                true);
        problems.positive(path + "/max_backup_age", database.maxBackupAge());
        BackupRules.check(problems, path + "/backup", database.backup());
        if (database.engine().mysqlFamily() && database.backup().directoryFormat()) {
            problems.add(
                    path + "/backup/format",
                    "directory is pg_dump's format; a " + database.engine().planName() + " backup is one compressed"
                            + " mariadb-dump file: remove format (and jobs)");
        }
        // The database on a host of its own: local, or one of the environment's hosts.
        if (database.host() != null && environment.databaseHost() == null) {
            problems.add(
                    path + "/host", PlanMessages.notAnEngineHost(environment, database.host(), database.container()));
        }
        BackupRules.copy(problems, path + "/backup/copy_to", environment);
    }

    /**
     * The admin role ({@code admin_user}, {@code admin_password_env}): given together or not at all, a role
     * name and the name of the worker's variable holding its password.
     */
    private static void admin(Problems problems, String path, Database database) {
        if (database.adminUser() == null && database.adminPasswordEnv() == null) {
            return;
        }
        problems.text(
                path + "/admin_user",
                database.adminUser(),
                DATABASE_NAME,
                database.adminUser() == null
                        ? "the role whose password admin_password_env holds, which creates, drops and renames the"
                                + " scratch database of a restore, e.g. shop_admin; or remove admin_password_env"
                        : "a role name, e.g. shop_admin",
                true);
        problems.text(
                path + "/admin_password_env",
                database.adminPasswordEnv(),
                Problems.ENV_VAR,
                "the name of the worker's environment variable that holds admin_user's password, e.g."
                        + " SHOP_DB_ADMIN_PASSWORD, not the password itself",
                true);
    }
}
