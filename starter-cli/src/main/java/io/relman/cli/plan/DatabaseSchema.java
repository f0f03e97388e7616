package io.relman.cli.plan;

import static io.relman.cli.plan.SchemaNodes.choice;
import static io.relman.cli.plan.SchemaNodes.duration;
import static io.relman.cli.plan.SchemaNodes.integer;
import static io.relman.cli.plan.SchemaNodes.key;
import static io.relman.cli.plan.SchemaNodes.object;
import static io.relman.cli.plan.SchemaNodes.port;
import static io.relman.cli.plan.SchemaNodes.text;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relman.plan.BackupPolicy;
import io.relman.plan.Database;
import io.relman.plan.DatabaseEngine;
import io.relman.plan.RestorePolicy;
import java.util.List;

/** An environment's {@code database} in the plan's schema ({@link PlanSchema}): its backups and restores. */
final class DatabaseSchema {
    private DatabaseSchema() {}

    static ObjectNode database() {
        return object(
                "The stack's database, for backups and restores.",
                key(
                        "engine",
                        choice("The server: postgresql, mariadb or mysql.", DatabaseEngine.planNames())
                                .put("default", DatabaseEngine.POSTGRESQL.planName())),
                key("container", text("The database's container, on the stack's network.")),
                key("host", text("Its own host: local or one of hosts (default: the environment's).")),
                key("port", port("Its port (default: 5432, or 3306 for mariadb and mysql).")),
                key("name", text("The database's name.")),
                key("user", text("The user relman connects as.")),
                key("password_env", text("The worker's variable holding the password.")),
                key(
                        "admin_user",
                        text("A role that may create databases, for a restore's scratch database only"
                                + " (default: user).")),
                key("admin_password_env", text("With admin_user: the worker's variable holding its password.")),
                key(
                        "backup_dir",
                        text("Where backups go on the worker's host, relative to the plan.")
                                .put("default", Database.DEFAULT_BACKUP_DIR)),
                key(
                        "max_backup_age",
                        duration(
                                "A release without a migration takes a backup unless one is younger.",
                                Database.DEFAULT_MAX_BACKUP_AGE)),
                key("backup", backup()),
                key(
                        "restore",
                        object(
                                "What relman restore does beyond its swap.",
                                key(
                                        "backup_replaced",
                                        SchemaNodes.flag(
                                                "Also back up the database it replaces (kept aside anyway).",
                                                RestorePolicy.DEFAULTS.backupReplaced())))));
    }

    private static ObjectNode backup() {
        return object(
                "Backups of their own, on Temporal Schedules.",
                key("schedule", text("Cron, UTC, e.g. \"0 3 * * *\" (none by default).")),
                key(
                        "keep_last",
                        integer("The newest this many backups are always kept.", 1, 10_000)
                                .put("default", BackupPolicy.DEFAULT_KEEP_LAST)),
                key(
                        "keep_days",
                        integer("Older ones are deleted after this many days.", 1, 36_500)
                                .put("default", BackupPolicy.DEFAULT_KEEP_DAYS)),
                key("drill", text("Cron, UTC: a restore drill (none by default).")),
                key("drill_check", text("SQL the drill runs on the restored copy; it must succeed.")),
                key(
                        "format",
                        choice(
                                        "custom: one file; directory: one file per table, dumped by jobs processes.",
                                        List.of(BackupPolicy.CUSTOM, BackupPolicy.DIRECTORY))
                                .put("default", BackupPolicy.CUSTOM)),
                key(
                        "jobs",
                        integer("Processes that dump and restore a directory backup at once.", 1, 64)
                                .put("default", BackupPolicy.DEFAULT_JOBS)),
                key(
                        "copy_to",
                        object(
                                "Each backup also copied to another host over SFTP, and checked there.",
                                key("host", text("One of hosts.")),
                                key("dir", text("An absolute directory there, writable by its SSH user.")))));
    }
}
