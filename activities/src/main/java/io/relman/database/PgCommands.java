package io.relman.database;

import io.relman.plan.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The PostgreSQL client commands relman runs inside the database container, as argv lists: pure, so
 * that their exact arguments are tested without a server. The password travels as PGPASSWORD in the
 * exec's environment, never in argv.
 */
public final class PgCommands {
    /** Custom format (for pg_restore), gzip level 6: PostgreSQL 15's pg_dump has no lz4/zstd yet. */
    static final String COMPRESSION = "6";

    /** The schemas of the application: every one but PostgreSQL's own. */
    private static final String APP_SCHEMA = "NOT IN ('pg_catalog', 'information_schema') AND %1$s NOT LIKE 'pg\\_%%'";

    /**
     * One line per schema ("schema"), schema item ("column", "index") and table's row count ("rows"),
     * tab-separated, in a stable order: the raw material of a {@link DatabaseFingerprint}. Names in
     * {@code public} are unqualified and {@code public} itself has no line, so that a database with
     * only {@code public} gives the fingerprint relman gave before it looked at other schemas.
     */
    static final String FINGERPRINT_SQL = """
      SELECT 'schema', nspname, 'present' FROM pg_namespace WHERE nspname <> 'public' AND nspname %s
      UNION ALL
      SELECT 'column', %s || table_name || '.' || column_name,
             data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '')
        FROM information_schema.columns WHERE table_schema %s
      UNION ALL
      SELECT 'index', %s || indexname, indexdef FROM pg_indexes WHERE schemaname %s
      UNION ALL
      SELECT 'rows', %s || table_name,
             (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %%I.%%I', table_schema,
                                                         table_name), false, true, '')))[1]::text
        FROM information_schema.tables WHERE table_schema %s AND table_type = 'BASE TABLE'
      ORDER BY 1, 2""".formatted(
                    appSchema("nspname"),
                    qualifier("table_schema"),
                    appSchema("table_schema"),
                    qualifier("schemaname"),
                    appSchema("schemaname"),
                    qualifier("table_schema"),
                    appSchema("table_schema"));

    /**
     * Opens the transaction whose snapshot pg_dump takes ({@code --snapshot}) and the fingerprint is
     * read in, so that what a restore is checked against is exactly what the dump holds.
     */
    static final String EXPORT_SNAPSHOT_SQL =
            "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;\nSELECT pg_export_snapshot();\n";

    static final String END_OF_OUTPUT = "-- relman: end of output --";

    /** psql's variables {@code live} and {@code scratch} name the databases in the scripts below. */
    static final String VAR_LIVE = "live";

    static final String VAR_SCRATCH = "scratch";
    static final String VAR_ASIDE = "aside";

    /** Which of the three databases exist, one name per line. */
    static final String EXISTING_DATABASES_SQL =
            "SELECT datname FROM pg_database WHERE datname IN (:'live', :'scratch', :'aside') ORDER BY 1;\n";

    /**
     * An empty scratch database made like the live one (owner, encoding, collation), which a restore
     * fills while the live one serves on untouched; a leftover of a crashed attempt is dropped first.
     */
    static final String CREATE_SCRATCH_SQL = """
      DROP DATABASE IF EXISTS :"scratch" WITH (FORCE);
      SELECT pg_get_userbyid(datdba) AS owner, pg_encoding_to_char(encoding) AS encoding,
             datcollate AS collate, datctype AS ctype
        FROM pg_database WHERE datname = :'live' \\gset
      CREATE DATABASE :"scratch" TEMPLATE template0 OWNER :"owner" ENCODING :'encoding'
        LC_COLLATE :'collate' LC_CTYPE :'ctype';
      """;

    static final String DROP_SCRATCH_SQL = "DROP DATABASE IF EXISTS :\"scratch\" WITH (FORCE);\n";

    /** No new sessions on the live database, and the open ones ended (the app's pools reconnect after). */
    private static final String CLOSE_LIVE_SQL = """
      ALTER DATABASE :"live" WITH ALLOW_CONNECTIONS false;
      SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = :'live';
      """;

    /**
     * Puts the verified scratch database in the live one's place: the live one closed, then both renames
     * in one transaction, so the name always has a whole database behind it. The previous one stays,
     * closed, as {@code aside}.
     */
    static final String SWAP_SQL = CLOSE_LIVE_SQL + """
      BEGIN;
      ALTER DATABASE :"live" RENAME TO :"aside";
      ALTER DATABASE :"scratch" RENAME TO :"live";
      COMMIT;
      """;

    /**
     * The undo of a restore: the restored database steps aside (as {@code scratch}, closed) and the one
     * the restore replaced ({@code aside}) takes the live name again, in one transaction.
     */
    static final String PUT_BACK_SQL = CLOSE_LIVE_SQL + """
      BEGIN;
      ALTER DATABASE :"live" RENAME TO :"scratch";
      ALTER DATABASE :"aside" RENAME TO :"live";
      COMMIT;
      ALTER DATABASE :"live" WITH ALLOW_CONNECTIONS true;
      """;

    /** The databases whose names start with psql's variable {@code prefix}. */
    static final String DATABASES_STARTING_WITH_SQL =
            "SELECT datname FROM pg_database WHERE left(datname, length(:'prefix')) = :'prefix' ORDER BY 1;\n";

    static final String DROP_DATABASE_SQL = "DROP DATABASE IF EXISTS :\"name\" WITH (FORCE);\n";

    static final String DATABASE_SIZE_SQL = "SELECT pg_database_size(current_database());\n";

    /** Opens the live database again after a swap that did not happen; harmless when it is open. */
    static final String REOPEN_LIVE_SQL = "ALTER DATABASE :\"live\" WITH ALLOW_CONNECTIONS true;\n";

    /** The database every PostgreSQL has, which the scripts above connect to: they rename the others. */
    static final String MAINTENANCE_DATABASE = "postgres";

    private PgCommands() {}

    private static String appSchema(String column) {
        return APP_SCHEMA.formatted(column);
    }

    /** {@code items} in public, {@code catalog.sku_aliases} elsewhere. */
    private static String qualifier(String schemaColumn) {
        return "CASE WHEN " + schemaColumn + " = 'public' THEN '' ELSE " + schemaColumn + " || '.' END";
    }

    /** The dump of the database as {@code snapshot} (exported by {@link #EXPORT_SNAPSHOT_SQL}) shows it. */
    static List<String> dump(Database database, String snapshot) {
        return connected(
                "pg_dump",
                List.of("--format=custom", "--compress=" + COMPRESSION, "--no-owner", "--snapshot=" + snapshot),
                database,
                database.name());
    }

    /** The dump of {@code snapshot} in the directory format, by the plan's jobs, into {@code directory} in the container. */
    static List<String> dumpDirectory(Database database, String snapshot, String directory) {
        return connected(
                "pg_dump",
                List.of(
                        "--format=directory",
                        "--jobs=" + database.backup().jobs(),
                        "--compress=" + COMPRESSION,
                        "--no-owner",
                        "--snapshot=" + snapshot),
                database,
                database.name(),
                "--file=" + directory);
    }

    /**
     * Restores a directory-format dump in the container into {@code target} by the plan's jobs. Not in
     * one transaction (pg_restore cannot with jobs): the target is a scratch database, dropped on failure.
     */
    static List<String> restoreDirectory(Database database, String target, String directory) {
        return connected(
                "pg_restore",
                List.of("--jobs=" + database.backup().jobs(), "--exit-on-error", "--no-owner"),
                database,
                target,
                directory);
    }

    /**
     * Restores a custom-format dump read from standard input (streamed from the worker: no copy is
     * left in the container) into {@code target}, in one transaction, stopping at the first error.
     */
    static List<String> restore(Database database, String target) {
        return connected(
                "pg_restore", List.of("--single-transaction", "--exit-on-error", "--no-owner"), database, target);
    }

    /** {@code tool} with {@code options}, connected to {@code dbname} over the container's localhost, then {@code last}. */
    private static List<String> connected(
            String tool, List<String> options, Database database, String dbname, String... last) {
        return connectedAs(database.user(), tool, options, database, dbname, last);
    }

    /** The same, as {@code user} (the plan's admin_user for a scratch database's create, drop and renames). */
    private static List<String> connectedAs(
            String user, String tool, List<String> options, Database database, String dbname, String... last) {
        List<String> argv = new ArrayList<>();
        argv.add(tool);
        argv.addAll(options);
        argv.addAll(
                List.of("--host=localhost", "--port=" + database.port(), "--username=" + user, "--dbname=" + dbname));
        argv.addAll(List.of(last));
        return List.copyOf(argv);
    }

    static List<String> psql(Database database, String sql) {
        List<String> argv = new ArrayList<>(psqlConnection(database, database.name()));
        argv.add("--command=" + sql);
        return argv;
    }

    /**
     * psql reading its script from standard input, connected to {@code dbname}, with {@code variables}
     * set by argv: psql quotes them where the script says {@code :'name'} or {@code :"name"}.
     */
    static List<String> psqlScript(Database database, String dbname, Map<String, String> variables) {
        return psqlScript(database, database.user(), dbname, variables);
    }

    /** The same, connected as {@code user}. */
    static List<String> psqlScript(Database database, String user, String dbname, Map<String, String> variables) {
        List<String> argv = new ArrayList<>(psqlConnection(database, user, dbname));
        new TreeMap<>(variables).forEach((name, value) -> argv.add("--set=" + name + "=" + value));
        argv.add("--file=-");
        return argv;
    }

    private static List<String> psqlConnection(Database database, String dbname) {
        return psqlConnection(database, database.user(), dbname);
    }

    private static List<String> psqlConnection(Database database, String user, String dbname) {
        return connectedAs(
                user,
                "psql",
                List.of(
                        "--no-psqlrc",
                        "--quiet",
                        "--tuples-only",
                        "--no-align",
                        "--field-separator=\t",
                        "--set=ON_ERROR_STOP=1"),
                database,
                dbname);
    }

    /** Reads {@link #FINGERPRINT_SQL}'s output. */
    static DatabaseFingerprint fingerprint(String psqlOutput) {
        StringBuilder schema = new StringBuilder();
        Map<String, Long> rows = new TreeMap<>();
        for (String line : psqlOutput.strip().split("\n")) {
            String[] fields = line.split("\t", 3);
            if (fields.length < 3) {
                continue;
            }
            if (fields[0].equals("rows")) {
                rows.put(fields[1], Long.parseLong(fields[2].strip()));
            } else {
                schema.append(line).append('\n');
            }
        }
        return new DatabaseFingerprint(Sha256.of(schema.toString()), rows);
    }
}
