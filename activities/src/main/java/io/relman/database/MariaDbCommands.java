package io.relman.database;

import io.relman.plan.Database;
import io.relman.plan.DatabaseEngine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The MariaDB client commands relman runs inside the database container, as argv lists, and the SQL they run:
 * pure, so that their exact arguments are tested without a server. MariaDB 10.11 is what the tests run; MySQL 8
 * reads the same dump and SQL for what relman uses, with its tools named mysqldump and mysql.
 *
 * <p>The password travels as MYSQL_PWD in the exec's environment, never in argv: both clients' libraries read it
 * when no password is given (https://mariadb.com/kb/en/mariadb-environment-variables/,
 * https://dev.mysql.com/doc/refman/8.0/en/environment-variables.html; MySQL deprecates it,
 * https://dev.mysql.com/worklog/task/?id=13449, yet 8.0 and 8.4 read it).
 */
final class MariaDbCommands {
    static final String PASSWORD_ENV = "MYSQL_PWD";

    /**
     * The server's Unix socket in its container: no port needs to be listening (a hardened server may run with
     * skip-networking) and no account for a TCP host. No --host, and the protocol named rather than left to
     * defaults; no --socket: the client's default and the image's my.cnf name the server's own,
     * /run/mysqld/mysqld.sock in Debian's package and in the official image.
     */
    private static final String OVER_THE_SOCKET = "--protocol=socket";

    /** The kind of {@link #rowCountsSql}'s lines, as in PgCommands' fingerprint. */
    private static final String ROWS = "rows";

    /**
     * The session of a script from here reads {@link #literal} as written: backslash escapes on (the server's
     * sql_mode may hold NO_BACKSLASH_ESCAPES) and nothing else that changes how a SELECT reads.
     */
    static final String PLAIN_SQL_MODE = "SET SESSION sql_mode = '';\n";

    private MariaDbCommands() {}

    /**
     * The dump of the plan's database as one consistent snapshot, SQL text on standard output: the INSERTs that
     * {@link DumpRowCounter} counts while it streams. Documented at https://mariadb.com/kb/en/mariadb-dump/ and
     * https://dev.mysql.com/doc/refman/8.0/en/mysqldump.html; every flag exists in both (--set-gtid-purged, only
     * MySQL's, is left out).
     */
    static List<String> dump(Database database) {
        return List.of(
                database.engine() == DatabaseEngine.MYSQL ? "mysqldump" : "mariadb-dump",
                OVER_THE_SOCKET,
                "--user=" + database.user(),
                // One REPEATABLE READ transaction for the whole dump, with no table locked: the application
                // keeps writing. Consistent for InnoDB only (the fingerprint's table lines name each engine).
                "--single-transaction",
                "--skip-lock-tables",
                // Rows streamed one at a time rather than each table held in memory.
                "--quick",
                // Routines and events are off by default; triggers are on, said anyway.
                "--routines",
                "--triggers",
                "--events",
                // Binary columns as 0x... literals: the dump stays text in one character set.
                "--hex-blob",
                "--default-character-set=utf8mb4",
                // MySQL 8.0.21+ wants the PROCESS privilege to dump tablespaces, which a database's own
                // user lacks; one database's dump needs none
                // (https://dev.mysql.com/doc/relnotes/mysql/8.0/en/news-8-0-21.html, Bug #30350829).
                "--no-tablespaces",
                // The end of the options in both tools' option parser (my_getopt's handle_options); the plan's
                // rules refuse a database name starting with '-' anyway (DatabaseRules.DATABASE_NAME).
                "--",
                database.name());
    }

    /**
     * The mariadb client as {@code user} on {@code schema}, reading a script on standard input: in batch mode it
     * stops at the first error (unless --force: https://mariadb.com/kb/en/mariadb-command-line-client/,
     * https://dev.mysql.com/doc/refman/8.0/en/batch-mode.html) and never reconnects (--batch turns reconnect off,
     * client/mysql.cc get_options), so a script never goes on in a session that lost its settings. Its rows are tab-separated, one a line: without --raw, batch mode writes a
     * tab, newline, NUL or backslash inside a field as \t, \n, \0, \\ (client/mysql.cc, safe_put_field), which
     * keeps routine bodies and view definitions on their line; {@link #fields} reads them back.
     */
    static List<String> client(Database database, String user, String schema) {
        return List.of(
                database.engine() == DatabaseEngine.MYSQL ? "mysql" : "mariadb",
                OVER_THE_SOCKET,
                "--user=" + user,
                "--database=" + schema,
                "--batch",
                "--skip-column-names",
                "--default-character-set=utf8mb4",
                // The client's default is 16M, less than a row the server may hold: a restore reads the dump's
                // INSERTs through this client. 1G is the protocol's largest packet.
                "--max-allowed-packet=1G");
    }

    /**
     * One line per table, column, index, foreign key, view, trigger, routine (and parameter) and event of
     * {@code schema}, tab-separated kind, name and value: the schema half of a {@link DatabaseFingerprint}. Names
     * are relative to the schema, so that a scratch schema holding the same gives the same lines. Row counts are not here: a
     * statement of their own is not in mariadb-dump's transaction ({@link DumpRowCounter} counts the dump).
     *
     * <p>Views: information_schema qualifies a view's tables with the schema (`shop`.`items`), which this strips;
     * routines, triggers and events keep the text they were created with, which the dump restores as it was.
     */
    static String fingerprintSql(String schema) {
        String in = literal(schema);
        String ownQualifier = literal(identifier(schema) + ".");
        return PLAIN_SQL_MODE + """
          SELECT 'table', TABLE_NAME, CONCAT_WS(' ', TABLE_TYPE, ENGINE, TABLE_COLLATION)
            FROM information_schema.TABLES WHERE TABLE_SCHEMA = %1$s AND TABLE_TYPE <> 'VIEW'
          UNION ALL
          SELECT 'column', CONCAT(TABLE_NAME, '.', COLUMN_NAME), CONCAT_WS(' ', ORDINAL_POSITION, COLUMN_TYPE,
                 IS_NULLABLE, COALESCE(COLUMN_DEFAULT, ''), EXTRA, COLLATION_NAME)
            FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = %1$s
          UNION ALL
          SELECT 'index', CONCAT(TABLE_NAME, '.', INDEX_NAME), CONCAT_WS(' ', NON_UNIQUE, SEQ_IN_INDEX,
                 COLUMN_NAME, SUB_PART, INDEX_TYPE)
            FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = %1$s
          UNION ALL
          SELECT 'foreign key', CONCAT(TABLE_NAME, '.', CONSTRAINT_NAME), CONCAT_WS(' ', ORDINAL_POSITION,
                 COLUMN_NAME, NULLIF(REFERENCED_TABLE_SCHEMA, %1$s), REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME)
            FROM information_schema.KEY_COLUMN_USAGE
           WHERE TABLE_SCHEMA = %1$s AND REFERENCED_TABLE_NAME IS NOT NULL
          UNION ALL
          SELECT 'view', TABLE_NAME, REPLACE(VIEW_DEFINITION, %2$s, '')
            FROM information_schema.VIEWS WHERE TABLE_SCHEMA = %1$s
          UNION ALL
          SELECT 'trigger', TRIGGER_NAME, CONCAT_WS(' ', ACTION_TIMING, EVENT_MANIPULATION, EVENT_OBJECT_TABLE,
                 ACTION_ORDER, ACTION_STATEMENT)
            FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = %1$s
          UNION ALL
          SELECT 'routine', CONCAT(ROUTINE_TYPE, ' ', ROUTINE_NAME), CONCAT_WS(' ', DTD_IDENTIFIER,
                 ROUTINE_DEFINITION)
            FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = %1$s
          UNION ALL
          SELECT 'parameter', CONCAT(ROUTINE_TYPE, ' ', SPECIFIC_NAME, '.', ORDINAL_POSITION),
                 CONCAT_WS(' ', PARAMETER_MODE, PARAMETER_NAME, DTD_IDENTIFIER)
            FROM information_schema.PARAMETERS WHERE SPECIFIC_SCHEMA = %1$s
          UNION ALL
          SELECT 'event', EVENT_NAME, CONCAT_WS(' ', EVENT_TYPE, INTERVAL_VALUE, INTERVAL_FIELD, EVENT_DEFINITION)
            FROM information_schema.EVENTS WHERE EVENT_SCHEMA = %1$s;
          """.formatted(in, ownQualifier);
    }

    /**
     * A fingerprint from {@link #fingerprintSql}'s output and a dump's (or a schema's) row counts. The lines
     * are sorted here rather than by the server, whose collation may order names that differ only in case
     * either way.
     */
    static DatabaseFingerprint fingerprint(String schemaOutput, Map<String, Long> rowCounts) {
        StringBuilder schema = new StringBuilder();
        Arrays.stream(schemaOutput.split("\n"))
                .filter(line -> !line.isBlank())
                .sorted()
                .forEach(line -> schema.append(line).append('\n'));
        return new DatabaseFingerprint(Sha256.of(schema.toString()), rowCounts);
    }

    /**
     * The number of rows of each of {@code tables}, of the schema the client is on, in one statement (to check a
     * restored scratch schema against its dump's counts); empty without tables.
     */
    static String rowCountsSql(List<String> tables) {
        if (tables.isEmpty()) {
            return "";
        }
        List<String> counts = new ArrayList<>();
        for (String table : tables) {
            counts.add("SELECT '" + ROWS + "', " + literal(table) + ", COUNT(*) FROM " + identifier(table));
        }
        return PLAIN_SQL_MODE + String.join("\nUNION ALL\n", counts) + ";\n";
    }

    /** Reads {@link #rowCountsSql}'s output: table name to its number of rows. */
    static Map<String, Long> rowCounts(String output) {
        Map<String, Long> rows = new TreeMap<>();
        for (List<String> fields : fields(output)) {
            if (fields.size() == 3 && fields.get(0).equals(ROWS)) {
                rows.put(fields.get(1), Long.parseLong(fields.get(2)));
            }
        }
        return rows;
    }

    /** Every schema the user sees, one a line. */
    static final String SCHEMAS_SQL = "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA;\n";

    /**
     * Creates {@code scratch} empty (a leftover of a run that died dropped first), with {@code live}'s character
     * set and collation, which its tables' defaults follow.
     */
    static String createLike(String scratch, String live) {
        return PLAIN_SQL_MODE + "DROP DATABASE IF EXISTS " + identifier(scratch) + ";\n"
                + "SELECT CONCAT('CREATE DATABASE ', " + literal(identifier(scratch))
                + ", ' CHARACTER SET ', DEFAULT_CHARACTER_SET_NAME, ' COLLATE ', DEFAULT_COLLATION_NAME)"
                + " INTO @relman_create FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = " + literal(live) + ";\n"
                + "PREPARE relman_create FROM @relman_create;\nEXECUTE relman_create;\nDEALLOCATE PREPARE relman_create;\n";
    }

    /** The base tables (not the views) of {@code schema}, one a line. */
    static String baseTablesSql(String schema) {
        return PLAIN_SQL_MODE + "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                + literal(schema) + " AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED');\n";
    }

    /** The bytes {@code schema}'s tables and indexes take. */
    static String sizeSql(String schema) {
        return PLAIN_SQL_MODE + "SELECT COALESCE(SUM(DATA_LENGTH + INDEX_LENGTH), 0) FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = " + literal(schema) + ";\n";
    }

    /** {@code value} as a string literal: backslash and quote escaped (backslash escapes on: PLAIN_SQL_MODE). */
    static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** {@code name} as an identifier: in backticks, a backtick in it doubled. */
    static String identifier(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /**
     * The client's batch output, a list of fields per line, each field as the server gave it (unescaped). Lines
     * end at newlines only: batch mode leaves a carriage return in a field as it is.
     */
    static List<List<String>> fields(String output) {
        List<List<String>> rows = new ArrayList<>();
        Arrays.stream(output.split("\n")).filter(line -> !line.isEmpty()).forEach(line -> {
            List<String> fields = new ArrayList<>();
            for (String field : line.split("\t", -1)) {
                fields.add(unescape(field));
            }
            rows.add(fields);
        });
        return rows;
    }

    private static String unescape(String field) {
        StringBuilder value = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 1 < field.length()) {
                char escaped = field.charAt(++i);
                value.append(
                        switch (escaped) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            case '0' -> '\0';
                            default -> escaped;
                        });
            } else {
                value.append(c);
            }
        }
        return value.toString();
    }
}
