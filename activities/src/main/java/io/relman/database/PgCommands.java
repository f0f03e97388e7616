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

  /**
   * One line per schema item ("column", "index") and per table's row count ("rows"), tab-separated,
   * in a stable order: the raw material of a {@link DatabaseFingerprint}.
   */
  static final String FINGERPRINT_SQL = """
      SELECT 'column', table_name || '.' || column_name,
             data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '')
        FROM information_schema.columns WHERE table_schema = 'public'
      UNION ALL
      SELECT 'index', indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'
      UNION ALL
      SELECT 'rows', table_name,
             (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM public.%I', table_name),
                                                  false, true, '')))[1]::text
        FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
      ORDER BY 1, 2""";

  /** A restore replaces everything: the sessions of the app's replicas must not hold locks on it. */
  static final String TERMINATE_OTHER_SESSIONS_SQL =
      "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
          + " WHERE datname = current_database() AND pid <> pg_backend_pid()";

  /**
   * Objects that a failed migration created are not in the dump, so pg_restore --clean would keep
   * them: the public schema is emptied first, in one transaction.
   */
  static final String EMPTY_PUBLIC_SCHEMA_SQL =
      "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public AUTHORIZATION pg_database_owner;"
          + " GRANT USAGE ON SCHEMA public TO PUBLIC";

  private PgCommands() {}

  static List<String> dump(Database database) {
    return List.of("pg_dump", "--format=custom", "--compress=" + COMPRESSION, "--no-owner",
        "--host=localhost", "--port=" + database.port(), "--username=" + database.user(), "--dbname=" + database.name());
  }

  /** Restores {@code file} (a path inside the container) in one transaction, stopping at the first error. */
  static List<String> restore(Database database, String file) {
    return List.of("pg_restore", "--single-transaction", "--exit-on-error", "--no-owner",
        "--host=localhost", "--port=" + database.port(), "--username=" + database.user(), "--dbname=" + database.name(),
        file);
  }

  static List<String> psql(Database database, String sql) {
    return List.of("psql", "--no-psqlrc", "--quiet", "--tuples-only", "--no-align", "--field-separator=\t",
        "--set=ON_ERROR_STOP=1", "--host=localhost", "--port=" + database.port(), "--username=" + database.user(),
        "--dbname=" + database.name(), "--command=" + sql);
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
