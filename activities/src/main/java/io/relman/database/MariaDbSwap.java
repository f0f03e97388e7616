package io.relman.database;

import static io.relman.database.MariaDbCommands.identifier;
import static io.relman.database.MariaDbCommands.literal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The SQL that puts a verified scratch schema in the live one's place on MariaDB (and MySQL 8), which has no
 * RENAME DATABASE: every table moves, in one RENAME TABLE, the live ones to an aside schema and the scratch ones
 * to the live schema. Pure builders of SQL text from lists of names.
 *
 * <p>One RENAME TABLE is atomic: no other session sees any of its tables while it runs, and if one of its renames
 * fails, all are undone (https://mariadb.com/kb/en/rename-table/,
 * https://dev.mysql.com/doc/refman/8.0/en/rename-table.html). What it does not move, both pages say:
 *
 * <ul>
 *   <li>triggers: a table that has any cannot move to another schema at all (ERROR 1435, "Trigger in wrong
 *       schema"), so the scratch's are dropped before the swap ({@link #prepare}) and the live's by it, right
 *       before the rename: from then until the dump's are created in the live schema, a write fires none;
 *   <li>views: cannot move to another schema (ERROR 1450). A view names its tables, so the live ones go on
 *       reading the swapped-in tables until the swap drops them; one named like a scratch table is dropped
 *       before the rename, which it would otherwise stop;
 *   <li>routines and events belong to the schema, not to a table: the swap drops the live ones.
 * </ul>
 *
 * The dump's views, triggers, routines and events are the caller's to create in the live schema right after
 * the swap, best in the same script so that the time without triggers is one script's; the live ones the swap
 * drops are the caller's to keep first, for putting the aside schema back.
 */
final class MariaDbSwap {
    /**
     * What a schema holds, by kind, each list sorted: listed by {@link #objectsSql}, read by {@link #objects}.
     *
     * @param tables its base tables (system-versioned ones too): those whose rows a fingerprint counts
     * @param sequences MariaDB's sequences, which move like tables
     */
    record SchemaObjects(
            List<String> tables,
            List<String> sequences,
            List<String> views,
            List<String> triggers,
            List<String> procedures,
            List<String> functions,
            List<String> events) {
        /** Tables and sequences: what RENAME TABLE moves. */
        List<String> moved() {
            List<String> moved = new ArrayList<>(tables);
            moved.addAll(sequences);
            return moved.stream().sorted().toList();
        }
    }

    /** Long enough for the application's short transactions on the live tables to end, not to stall it. */
    static final int LOCK_WAIT_SECONDS = 60;

    private MariaDbSwap() {}

    /** Kind and name of every object of {@code schema}, one a line, tab-separated. */
    static String objectsSql(String schema) {
        return MariaDbCommands.PLAIN_SQL_MODE + """
          SELECT CASE TABLE_TYPE WHEN 'VIEW' THEN 'view' WHEN 'SEQUENCE' THEN 'sequence' ELSE 'table' END, TABLE_NAME
            FROM information_schema.TABLES WHERE TABLE_SCHEMA = %1$s
          UNION ALL
          SELECT 'trigger', TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = %1$s
          UNION ALL
          SELECT LOWER(ROUTINE_TYPE), ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = %1$s
          UNION ALL
          SELECT 'event', EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = %1$s;
          """.formatted(literal(schema));
    }

    /** Reads {@link #objectsSql}'s output; a kind the swap cannot move (MariaDB's packages) is refused. */
    static SchemaObjects objects(String output) {
        Map<String, List<String>> byKind = new TreeMap<>();
        for (List<String> fields : MariaDbCommands.fields(output)) {
            byKind.computeIfAbsent(fields.get(0), kind -> new ArrayList<>()).add(fields.get(1));
        }
        Set<String> unknown = new TreeSet<>(byKind.keySet());
        unknown.removeAll(Set.of("table", "sequence", "view", "trigger", "procedure", "function", "event"));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("the schema holds " + String.join(", ", unknown)
                    + " objects, which relman cannot swap: only tables, sequences, views, triggers, procedures,"
                    + " functions and events");
        }
        return new SchemaObjects(
                sorted(byKind, "table"),
                sorted(byKind, "sequence"),
                sorted(byKind, "view"),
                sorted(byKind, "trigger"),
                sorted(byKind, "procedure"),
                sorted(byKind, "function"),
                sorted(byKind, "event"));
    }

    /**
     * Before the swap, while the live schema serves on: the aside schema, and the scratch's triggers dropped,
     * since a table with triggers cannot move to another schema.
     */
    static String prepare(String scratch, SchemaObjects scratchObjects, String aside) {
        StringBuilder sql = new StringBuilder("CREATE DATABASE IF NOT EXISTS " + identifier(aside) + ";\n");
        drop(sql, "TRIGGER", scratch, scratchObjects.triggers());
        return sql.toString();
    }

    /**
     * The swap: the live triggers dropped, then the one RENAME TABLE of every live table to the aside schema and
     * every scratch table to the live one (a table only the live schema has leaves it: the backup did not have
     * it), then the live views, routines and events dropped. A lock wait bounded, so that a long transaction on a
     * live table fails the swap rather than stall every query queued behind its rename.
     */
    static String swap(
            String live, SchemaObjects liveObjects, String scratch, SchemaObjects scratchObjects, String aside) {
        List<String> incoming = scratchObjects.moved();
        List<String> viewsInTheWay = new ArrayList<>();
        List<String> viewsAfter = new ArrayList<>();
        for (String view : liveObjects.views()) {
            (incoming.contains(view) ? viewsInTheWay : viewsAfter).add(view);
        }
        StringBuilder sql = new StringBuilder("SET SESSION lock_wait_timeout = " + LOCK_WAIT_SECONDS + ";\n");
        drop(sql, "VIEW", live, viewsInTheWay);
        drop(sql, "TRIGGER", live, liveObjects.triggers());
        List<String> renames = new ArrayList<>();
        for (String table : liveObjects.moved()) {
            renames.add(qualified(live, table) + " TO " + qualified(aside, table));
        }
        for (String table : incoming) {
            renames.add(qualified(scratch, table) + " TO " + qualified(live, table));
        }
        if (!renames.isEmpty()) {
            sql.append("RENAME TABLE\n  ").append(String.join(",\n  ", renames)).append(";\n");
        }
        drop(sql, "VIEW", live, viewsAfter);
        drop(sql, "PROCEDURE", live, liveObjects.procedures());
        drop(sql, "FUNCTION", live, liveObjects.functions());
        drop(sql, "EVENT", live, liveObjects.events());
        return sql.toString();
    }

    /** One DROP per object, IF EXISTS: a script retried after a failure drops what is left. */
    private static void drop(StringBuilder sql, String kind, String schema, List<String> names) {
        for (String name : names) {
            sql.append("DROP ")
                    .append(kind)
                    .append(" IF EXISTS ")
                    .append(qualified(schema, name))
                    .append(";\n");
        }
    }

    private static String qualified(String schema, String name) {
        return identifier(schema) + "." + identifier(name);
    }

    private static List<String> sorted(Map<String, List<String>> byKind, String kind) {
        return byKind.getOrDefault(kind, List.of()).stream().sorted().toList();
    }
}
