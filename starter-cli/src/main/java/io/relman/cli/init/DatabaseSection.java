package io.relman.cli.init;

import io.relman.stack.DatabaseUrl;
import io.relman.stack.StackContainer;
import io.relman.stack.StackDescription;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The plan's {@code database:} for the stack's PostgreSQL container: the user and database the app itself
 * connects with, read from its {@code DATABASE_URL}-like variable when one names that container (the app's
 * role, which may differ from the image's POSTGRES_USER), else from the container's POSTGRES_DB and
 * POSTGRES_USER. The password is never read: the plan names a worker variable for it.
 */
final class DatabaseSection {
    /** Under relman's default, one directory per stack and environment. */
    static final String BACKUP_ROOT = io.relman.plan.Database.DEFAULT_BACKUP_DIR;

    private DatabaseSection() {}

    /** What the section needs of the worker: a secret and a directory. */
    record Needs(String passwordEnv, String user, String backupDir) {}

    /** One app container's URL that names the database container, and which container holds it. */
    private record AppUrl(StackContainer app, DatabaseUrl url) {}

    static Needs write(
            List<String> lines, StackDescription stack, StackContainer db, String project, String environment) {
        Map<String, String> env = db.postgresEnv().stream()
                .collect(Collectors.toMap(
                        entry -> entry.substring(0, entry.indexOf('=')),
                        entry -> entry.substring(entry.indexOf('=') + 1),
                        (first, second) -> first));
        Optional<AppUrl> appUrl = stack.containers().stream()
                .filter(container -> !container.name().equals(db.name()))
                .flatMap(container -> container.databaseUrls().stream().map(url -> new AppUrl(container, url)))
                .filter(found -> found.url().host().equals(db.name())
                        || found.url().host().equals(db.composeService()))
                .findFirst();
        String imageUser = env.getOrDefault("POSTGRES_USER", "postgres");
        String user = appUrl.map(found -> found.url().user()).orElse(imageUser);
        user = user == null ? imageUser : user;
        String imageDatabase = env.getOrDefault("POSTGRES_DB", imageUser);
        String name = appUrl.map(found -> found.url().database()).orElse(null);
        name = name != null ? name : appUrl.isPresent() && appUrl.get().url().user() != null ? user : imageDatabase;
        String from = appUrl.map(
                        found -> "   # from " + YamlText.oneLine(found.url().variable()) + " of "
                                + YamlText.oneLine(found.app().name()))
                .orElse("   # from the container's POSTGRES_* settings");
        String passwordEnv = project.toUpperCase().replace('-', '_') + "_DB_PASSWORD";
        String backupDir = BACKUP_ROOT + "/" + project + "-" + environment;
        lines.add("    database:");
        lines.add("      container: " + YamlText.quoted(db.name()));
        if (appUrl.isPresent()
                && appUrl.get().url().port() != null
                && appUrl.get().url().port() != 5432) {
            lines.add("      port: " + appUrl.get().url().port() + from);
        }
        lines.add("      name: " + YamlText.quoted(name) + from);
        lines.add("      user: " + YamlText.quoted(user) + from);
        lines.add("      password_env: " + passwordEnv + "   # the worker's variable with this user's password,"
                + " in .relman/local.env (relman init printed the lines)");
        lines.add("      backup_dir: " + YamlText.quoted(backupDir) + "   # on the worker's host; in"
                + " RELMAN_PATHS_ALLOWED of .relman/local.env");
        return new Needs(passwordEnv, user, backupDir);
    }
}
