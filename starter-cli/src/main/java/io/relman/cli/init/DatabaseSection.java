package io.relman.cli.init;

import io.relman.stack.DatabaseUrl;
import io.relman.stack.StackContainer;
import io.relman.stack.StackDescription;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The plan's {@code database:} for the stack's PostgreSQL, MariaDB or MySQL container: the user and database
 * the app itself connects with, read from its {@code DATABASE_URL}-like variable when one names that container
 * (the app's user, which may differ from the image's), else from the settings the container's image reads
 * (POSTGRES_DB and POSTGRES_USER, MARIADB_* or MYSQL_*). The password is never read: the plan names a worker
 * variable for it. A PostgreSQL section is written without {@code engine:}, the plan's default.
 */
final class DatabaseSection {
    /** Under relman's default, one directory per stack and environment. */
    static final String BACKUP_ROOT = io.relman.plan.Database.DEFAULT_BACKUP_DIR;

    private static final String GUESSED = "   # guessed: ";

    /**
     * Which database container the plan names when several could be: the one an app's URL names, then one
     * its image names (an app or backup container may carry POSTGRES_* settings of its own), then PostgreSQL
     * (as relman init chose before it knew MariaDB and MySQL), then by name.
     */
    private static final Comparator<DatabaseSection> PREFERRED = Comparator.comparing(
                    (DatabaseSection db) -> db.appUrl.isEmpty())
            .thenComparing(db -> !db.kindFromImage)
            .thenComparing(db -> db.kind != DatabaseKind.POSTGRESQL)
            .thenComparing(db -> db.container.name());

    /** What the section needs of the worker: a secret and a directory. */
    record Needs(String passwordEnv, String user, String backupDir) {}

    /** One app container's URL that names the database container, and which container holds it. */
    private record AppUrl(StackContainer app, DatabaseUrl url) {}

    /** A line's value and the comment that says where it came from. */
    private record Sourced(String value, String comment) {}

    private final StackContainer container;
    private final DatabaseKind kind;
    private final boolean kindFromImage;
    private final Map<String, String> settings;
    private final Optional<AppUrl> appUrl;

    private DatabaseSection(
            StackContainer container,
            DatabaseKind kind,
            boolean kindFromImage,
            Map<String, String> settings,
            Optional<AppUrl> appUrl) {
        this.container = container;
        this.kind = kind;
        this.kindFromImage = kindFromImage;
        this.settings = settings;
        this.appUrl = appUrl;
    }

    /** The stack's database, if a container's image or settings say it runs one. */
    static Optional<DatabaseSection> of(StackDescription stack) {
        return stack.containers().stream()
                .flatMap(container -> of(stack, container).stream())
                .min(PREFERRED);
    }

    private static Optional<DatabaseSection> of(StackDescription stack, StackContainer container) {
        Map<String, String> settings = container.databaseEnv().stream()
                .filter(entry -> entry.contains("="))
                .collect(Collectors.toMap(
                        entry -> entry.substring(0, entry.indexOf('=')),
                        entry -> entry.substring(entry.indexOf('=') + 1),
                        (first, second) -> first));
        Optional<DatabaseKind> byImage = DatabaseKind.ofImage(ComposePlan.repository(container.image()));
        Optional<AppUrl> appUrl = stack.containers().stream()
                .filter(app -> !app.name().equals(container.name()))
                .flatMap(app -> app.databaseUrls().stream().map(url -> new AppUrl(app, url)))
                .filter(found -> found.url().host().equals(container.name())
                        || found.url().host().equals(container.composeService()))
                .findFirst();
        return byImage.or(() -> DatabaseKind.ofSettings(settings.keySet()))
                .map(kind -> new DatabaseSection(container, kind, byImage.isPresent(), settings, appUrl));
    }

    StackContainer container() {
        return container;
    }

    Needs write(List<String> lines, String project, String environment) {
        Sourced user = user();
        Sourced name = name(user, project);
        String passwordEnv = project.toUpperCase().replace('-', '_') + "_DB_PASSWORD";
        String backupDir = BACKUP_ROOT + "/" + project + "-" + environment;
        lines.add("    database:");
        if (kind != DatabaseKind.POSTGRESQL) {
            lines.add("      engine: " + kind.planName() + engineSource());
        }
        lines.add("      container: " + YamlText.quoted(container.name()));
        Integer port = appUrl.map(found -> found.url().port()).orElse(null);
        if (port != null && port != kind.defaultPort) {
            lines.add("      port: " + port + fromUrl());
        }
        lines.add("      name: " + YamlText.quoted(name.value()) + name.comment());
        lines.add("      user: " + YamlText.quoted(user.value()) + user.comment());
        lines.add("      password_env: " + passwordEnv + "   # the worker's variable with this user's password,"
                + " in .relman/local.env (relman init printed the lines)");
        lines.add("      backup_dir: " + YamlText.quoted(backupDir) + "   # on the worker's host; in"
                + " RELMAN_PATHS_ALLOWED of .relman/local.env");
        return new Needs(passwordEnv, user.value(), backupDir);
    }

    private Sourced user() {
        Optional<String> urlUser = appUrl.map(found -> found.url().user());
        if (urlUser.isPresent()) {
            return new Sourced(urlUser.get(), fromUrl());
        }
        return setting(kind.userKeys)
                .orElseGet(() -> kind == DatabaseKind.POSTGRESQL
                        ? new Sourced("postgres", postgresDefault())
                        : new Sourced(
                                "root",
                                GUESSED + "the container sets no " + String.join(" or ", kind.userKeys)
                                        + " and no app's URL names a user; root works, the app's own user is better"));
    }

    private Sourced name(Sourced user, String project) {
        Optional<DatabaseUrl> url = appUrl.map(AppUrl::url);
        if (url.map(DatabaseUrl::database).isPresent()) {
            return new Sourced(url.get().database(), fromUrl());
        }
        // PostgreSQL connects a URL without a database to the user's own; MariaDB and MySQL to none.
        if (kind == DatabaseKind.POSTGRESQL && url.map(DatabaseUrl::user).isPresent()) {
            return new Sourced(user.value(), fromUrl());
        }
        return setting(kind.databaseKeys)
                .orElseGet(() -> kind == DatabaseKind.POSTGRESQL
                        ? setting(kind.userKeys).orElse(new Sourced("postgres", postgresDefault()))
                        : new Sourced(
                                project,
                                GUESSED + "the container sets no " + String.join(" or ", kind.databaseKeys)
                                        + " and no app's URL names a database; set the one the app uses"));
    }

    /** The first of these settings the container has, and which prefix of settings it came from. */
    private Optional<Sourced> setting(List<String> keys) {
        return keys.stream()
                .filter(settings::containsKey)
                .findFirst()
                .map(key -> new Sourced(
                        settings.get(key),
                        "   # from the container's " + key.substring(0, key.indexOf('_') + 1) + "* settings"));
    }

    /** A PostgreSQL image without POSTGRES_USER (or POSTGRES_DB) makes the user postgres and its database. */
    private String postgresDefault() {
        return kind.hasOwnSettings(settings.keySet())
                ? "   # from the container's POSTGRES_* settings"
                : "   # the postgres image's default";
    }

    private String engineSource() {
        if (kindFromImage) {
            return "   # from the container's image"
                    + (kind.hasOwnSettings(settings.keySet()) ? " and " + kind.ownSettings + "* settings" : "");
        }
        if (kind == DatabaseKind.MYSQL) {
            return GUESSED + "from the container's MYSQL_* settings, which MariaDB's images read too;"
                    + " mariadb if it runs MariaDB";
        }
        return "   # from the container's " + kind.ownSettings + "* settings";
    }

    private String fromUrl() {
        AppUrl found = appUrl.orElseThrow();
        return "   # from " + YamlText.oneLine(found.url().variable()) + " of "
                + YamlText.oneLine(found.app().name());
    }
}
