package io.relman.database;

import io.relman.plan.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a restore asks of the role that creates, drops and renames its scratch database, and whether that
 * role has it: the SQL that asks the server, and the decision, pure. PostgreSQL lets a role create a
 * database owned by the live one's owner, rename databases and close the live one only when it is a
 * superuser, or may create databases ({@code CREATEDB}) and has the owner's privileges (is or is granted
 * the owner).
 */
final class RestorePrivileges {
    /**
     * One tab-separated line about the role psql runs as: its name, whether it is a superuser, whether it may
     * create databases, the owner of the live database (psql's variable {@code live}; empty when there is no
     * such database) and whether the role has the owner's privileges.
     */
    static final String ROLE_SQL = """
      SELECT r.rolname, r.rolsuper, r.rolcreatedb, coalesce(pg_get_userbyid(d.datdba), ''),
             coalesce(pg_has_role(current_user, d.datdba, 'USAGE'), false)
        FROM pg_roles r LEFT JOIN pg_database d ON d.datname = :'live'
       WHERE r.rolname = current_user;
      """;

    private static final String WHY =
            "which restoring a backup needs (relman restores into a scratch database and" + " swaps it in)";

    /** A name SQL takes as it is; any other is quoted. */
    private static final Pattern PLAIN_NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    private RestorePrivileges() {}

    /** What the server said about the role, from {@link #ROLE_SQL}'s output. */
    record Rights(String role, boolean superuser, boolean createDatabases, String owner, boolean actsAsOwner) {
        static Rights parse(String psqlOutput) {
            String[] fields = psqlOutput.strip().split("\t", -1);
            if (fields.length != 5) {
                throw new IllegalStateException("unexpected answer about the role's rights: '" + psqlOutput.strip()
                        + "' (expected role, superuser, createdb, owner, owner's privileges)");
            }
            return new Rights(fields[0], isTrue(fields[1]), isTrue(fields[2]), fields[3], isTrue(fields[4]));
        }

        private static boolean isTrue(String field) {
            return field.strip().equals("t");
        }
    }

    /** Whether a restore can run, and in words what was found or, where it cannot, the fix. */
    record Verdict(boolean allowed, String text) {}

    /** The verdict for {@code database}, whose scratch database {@code rights}' role would create. */
    static Verdict decide(Database database, Rights rights) {
        boolean admin = database.adminUser() != null;
        String who = admin
                ? "the admin role \"" + rights.role() + "\" (the plan's database.admin_user)"
                : "the database role \"" + rights.role() + "\"";
        if (rights.owner().isEmpty()) {
            return new Verdict(
                    false,
                    "there is no database \"" + database.name() + "\" in " + database.container() + " (asked as "
                            + rights.role() + "): check database.name and container in the plan");
        }
        if (rights.superuser()) {
            return new Verdict(
                    true,
                    who + " is a superuser: a restore of " + database.name()
                            + " can create, swap in and drop its scratch database");
        }
        if (rights.createDatabases() && rights.actsAsOwner()) {
            return new Verdict(
                    true,
                    who + " may create databases and acts as the owner of " + database.name()
                            + ": a restore can create, swap in and drop its scratch database");
        }
        List<String> lacks = new ArrayList<>();
        List<String> grants = new ArrayList<>();
        if (!rights.createDatabases()) {
            lacks.add("may not create databases");
            grants.add("ALTER ROLE " + ident(rights.role()) + " CREATEDB;");
        }
        if (!rights.actsAsOwner()) {
            lacks.add((lacks.isEmpty() ? "may create databases but " : "and ") + "does not own " + database.name()
                    + " (its owner is \"" + rights.owner() + "\")");
            grants.add("GRANT " + ident(rights.owner()) + " TO " + ident(rights.role()) + ";");
        }
        String other = admin
                ? "or name a role that may in the plan's database.admin_user (and its password in admin_password_env)"
                : "or give relman a role that may in the plan's database.admin_user and admin_password_env";
        return new Verdict(
                false,
                who + " " + String.join(" ", lacks) + ", " + WHY + ": grant it with " + String.join(" ", grants) + " "
                        + other);
    }

    /** {@code name} as SQL takes it: as it is when plain, else double-quoted. */
    static String ident(String name) {
        return PLAIN_NAME.matcher(name).matches() ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
