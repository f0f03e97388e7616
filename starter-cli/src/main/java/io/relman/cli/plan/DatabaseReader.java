package io.relman.cli.plan;

import io.relman.plan.Database;
import io.relman.plan.DatabaseEngine;
import io.relman.plan.RestorePolicy;
import java.util.Set;

/** Reads an environment's {@code database}: the stack's PostgreSQL, MariaDB or MySQL, its host and its admin role. */
final class DatabaseReader {
    static final Set<String> KEYS = Set.of(
            "container",
            "port",
            "name",
            "user",
            "password_env",
            "backup_dir",
            "max_backup_age",
            "backup",
            "host",
            "admin_user",
            "admin_password_env",
            "engine",
            "restore");

    private DatabaseReader() {}

    static Database read(Keys keys) {
        DatabaseEngine engine = engine(keys);
        return new Database(
                keys.text("container"),
                keys.number("port", engine.defaultPort()),
                keys.text("name"),
                keys.text("user"),
                keys.text("password_env"),
                keys.fileOr("backup_dir", Database.DEFAULT_BACKUP_DIR),
                keys.duration("max_backup_age", Database.DEFAULT_MAX_BACKUP_AGE),
                keys.mapping("backup", BackupReader.KEYS, BackupReader::read),
                keys.text("host"),
                keys.text("admin_user"),
                keys.text("admin_password_env"),
                engine,
                keys.mapping("restore", Set.of("backup_replaced"), DatabaseReader::restore));
    }

    private static RestorePolicy restore(Keys keys) {
        return new RestorePolicy(keys.flag("backup_replaced", false));
    }

    private static DatabaseEngine engine(Keys keys) {
        String name = keys.textOr("engine", DatabaseEngine.POSTGRESQL.planName());
        return DatabaseEngine.named(name).orElseGet(() -> {
            keys.problem(
                    keys.path() + "/engine",
                    "must be " + String.join(", ", DatabaseEngine.planNames()) + " (the server in "
                            + keys.text("container") + "; relman init tells it from the container's image)");
            return DatabaseEngine.POSTGRESQL;
        });
    }
}
