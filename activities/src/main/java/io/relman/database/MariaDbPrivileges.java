package io.relman.database;

import io.relman.plan.Database;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether the MariaDB or MySQL user a restore runs as may do it, from its {@code SHOW GRANTS}, pure: the restore
 * creates and drops schemas beside the live one (a scratch one, {@code relman_restore_NAME}, and one that keeps the
 * replaced tables, {@code NAME_before_restore_...}, and after a put-back {@code NAME_restored_before_restore_...}) and moves tables between them and the live one with RENAME
 * TABLE, which asks for ALTER and DROP on the tables it moves away and CREATE and INSERT where they go. relman asks
 * for every privilege on the three (a grant on a name pattern, as MariaDB's docs show for per-app schemas).
 */
final class MariaDbPrivileges {
    /** {@code GRANT privileges ON object TO ...}: the privileges and the object. */
    private static final Pattern GRANT = Pattern.compile("^GRANT (.+?) ON (\\S+) TO ", Pattern.CASE_INSENSITIVE);

    /** The time in the names of asides checked for: any time would do; messages say TIME. */
    private static final String ANY_TIME = RestoreDatabases.aside("", Instant.EPOCH)
            .substring(RestoreDatabases.asidePrefix("").length());

    private MariaDbPrivileges() {}

    /** Whether a restore can run, and in words what was found or, where it cannot, the GRANT statements to run. */
    record Verdict(boolean allowed, String text) {}

    /**
     * The verdict for {@code database} from the {@code grants} of {@code account}, the account the server matched
     * ({@code CURRENT_USER()}: {@code forge@localhost} over the container's socket).
     */
    static Verdict decide(Database database, String account, List<String> grants) {
        String live = database.name();
        // Any aside's name: they differ in their time only. A put-back keeps the restored tables aside too.
        List<String> schemas = List.of(
                live,
                RestoreDatabases.scratch(live),
                RestoreDatabases.drill(live),
                RestoreDatabases.aside(live, Instant.EPOCH),
                RestoreDatabases.restoredAside(live, Instant.EPOCH));
        List<String> missing = new ArrayList<>();
        for (String schema : schemas) {
            if (grants.stream().noneMatch(grant -> grantsAllOn(grant, schema))) {
                missing.add(schema);
            }
        }
        String user = database.scratchRole();
        int at = account.lastIndexOf('@');
        String grantee = at < 0
                ? MariaDbCommands.literal(account)
                : MariaDbCommands.literal(account.substring(0, at)) + "@"
                        + MariaDbCommands.literal(account.substring(at + 1));
        if (missing.isEmpty()) {
            return new Verdict(
                    true,
                    "the user " + user + " may create, fill, rename into and drop the schemas a"
                            + " restore uses beside " + live);
        }
        List<String> fixes = new ArrayList<>();
        if (missing.contains(live)) {
            fixes.add("GRANT ALL ON " + MariaDbCommands.identifier(live) + ".* TO " + grantee + ";");
        }
        if (missing.stream().anyMatch(schema -> schema.startsWith("relman_"))) {
            fixes.add("GRANT ALL ON `relman\\_%`.* TO " + grantee + ";");
        }
        // The asides' names: NAME_before_restore_... and NAME_restored_before_restore_..., a long NAME cut short.
        List<String> asidePrefixes =
                List.of(RestoreDatabases.asidePrefix(live), RestoreDatabases.asidePrefix(live + "_restored"));
        List<String> patterns = asidePrefixes.stream().allMatch(prefix -> prefix.startsWith(live + "_"))
                ? List.of(live + "_")
                : asidePrefixes;
        for (String prefix : patterns) {
            if (missing.stream().anyMatch(schema -> schema.startsWith(prefix))) {
                fixes.add("GRANT ALL ON " + MariaDbCommands.identifier(likeEscaped(prefix) + "%") + ".* TO " + grantee
                        + ";");
            }
        }
        return new Verdict(
                false,
                "the user " + user + (database.adminUser() == null ? "" : " (the plan's database.admin_user)")
                        + " may not do all that restoring a backup does to "
                        + String.join(
                                ", ",
                                missing.stream()
                                        .map(schema -> schema.replace(ANY_TIME, "TIME"))
                                        .toList())
                        + " (relman restores into a scratch schema and moves it in with RENAME TABLE); as root, run: "
                        + String.join(" ", fixes) + " Nothing was changed.");
    }

    /** Whether {@code grant} (a line of SHOW GRANTS) gives every privilege on {@code schema}. */
    static boolean grantsAllOn(String grant, String schema) {
        Matcher matcher = GRANT.matcher(grant.strip());
        if (!matcher.find() || !matcher.group(1).toUpperCase(Locale.ROOT).startsWith("ALL")) {
            return false;
        }
        String object = matcher.group(2);
        if (object.equals("*.*")) {
            return true;
        }
        if (!object.endsWith(".*")) {
            return false; // a table's grant
        }
        String quoted = object.substring(0, object.length() - 2);
        String pattern = quoted.startsWith("`") && quoted.endsWith("`")
                ? quoted.substring(1, quoted.length() - 1).replace("``", "`")
                : quoted;
        return matchesLike(pattern, schema);
    }

    /** MariaDB's schema-name patterns in grants: % any run, _ any one character, \ escapes either. */
    static boolean matchesLike(String pattern, String name) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return name.matches(regex.toString());
    }

    /** {@code name} as a grant's pattern that matches only itself: its % and _ escaped. */
    static String likeEscaped(String name) {
        return name.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%");
    }
}
