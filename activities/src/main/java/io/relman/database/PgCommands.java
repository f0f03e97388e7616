package io.relman.database;

import io.relman.plan.Database;
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

    /** A restore replaces everything: the sessions of the app's replicas must not hold locks on it. */
    static final String TERMINATE_OTHER_SESSIONS_SQL = "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            + " WHERE datname = current_database() AND pid <> pg_backend_pid()";

    /**
     * Objects that a failed migration created are not in the dump, so pg_restore --clean would keep
     * them: every schema of the application is dropped first, and an empty public made again, in one
     * transaction; pg_restore creates the other schemas the dump holds.
     */
    static final String EMPTY_APP_SCHEMAS_SQL = """
      DO $$DECLARE s name; BEGIN
        FOR s IN SELECT nspname FROM pg_namespace WHERE nspname %s LOOP
          EXECUTE format('DROP SCHEMA %%I CASCADE', s);
        END LOOP;
      END$$;
      CREATE SCHEMA public AUTHORIZATION pg_database_owner; GRANT USAGE ON SCHEMA public TO PUBLIC""".formatted(appSchema("nspname"));

    private PgCommands() {}

    private static String appSchema(String column) {
        return APP_SCHEMA.formatted(column);
    }

    /** {@code items} in public, {@code catalog.sku_aliases} elsewhere. */
    private static String qualifier(String schemaColumn) {
        return "CASE WHEN " + schemaColumn + " = 'public' THEN '' ELSE " + schemaColumn + " || '.' END";
    }

    static List<String> dump(Database database) {
        return List.of(
                "pg_dump",
                "--format=custom",
                "--compress=" + COMPRESSION,
                "--no-owner",
                "--host=localhost",
                "--port=" + database.port(),
                "--username=" + database.user(),
                "--dbname=" + database.name());
    }

    /** Restores {@code file} (a path inside the container) in one transaction, stopping at the first error. */
    static List<String> restore(Database database, String file) {
        return List.of(
                "pg_restore",
                "--single-transaction",
                "--exit-on-error",
                "--no-owner",
                "--host=localhost",
                "--port=" + database.port(),
                "--username=" + database.user(),
                "--dbname=" + database.name(),
                file);
    }

    static List<String> psql(Database database, String sql) {
        return List.of(
                "psql",
                "--no-psqlrc",
                "--quiet",
                "--tuples-only",
                "--no-align",
                "--field-separator=\t",
                "--set=ON_ERROR_STOP=1",
                "--host=localhost",
                "--port=" + database.port(),
                "--username=" + database.user(),
                "--dbname=" + database.name(),
                "--command=" + sql);
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
