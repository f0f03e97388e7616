package io.relman.database;

import static io.relman.database.MariaDbCommands.identifier;
import static io.relman.database.MariaDbCommands.literal;

import io.relman.temporal.FailureType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A schema's code (routines, views, triggers, events) as statements that create it in another schema: what
 * {@link MariaDbSwap} cannot move with the tables. Read with SHOW CREATE, which gives each one as it was created
 * (triggers and routines name their tables without the schema, as mariadb-dump writes them); a view's definition
 * names its schema, which is replaced by the target's. Created in the order that lets each find what it uses, as
 * mariadb-dump orders a dump: functions and procedures, views (a view after those it reads), triggers in their
 * firing order, events; each one dropped first if it is there, under the sql_mode it was created with, between
 * delimiters of its own (a routine's body holds semicolons).
 */
final class MariaDbCode {
    /** No body holds it: the statements' delimiter in the client's script. */
    static final String DELIMITER = "$$relman$$";

    /** Each table's triggers in the order they fire, which their creation order sets. */
    private static final String TRIGGERS_IN_ORDER_SQL = MariaDbCommands.PLAIN_SQL_MODE + """
            SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = %s
             ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER;
            """;

    private final MariaDbSession db;

    MariaDbCode(MariaDbSession db) {
        this.db = db;
    }

    /**
     * The script that creates, in {@code target}, the code of {@code source} listed in {@code objects};
     * {@code withEvents}: false for a schema set aside, where an event would run on the tables kept there.
     */
    String recreate(String source, MariaDbSwap.SchemaObjects objects, String target, boolean withEvents) {
        List<String> statements = new ArrayList<>();
        for (String function : objects.functions()) {
            List<String> fields = show("FUNCTION", source, function, 2); // Function, sql_mode, Create Function
            statements.add(dropIfExists("FUNCTION", target, function));
            statements.add(underMode(fields.get(1), fields.get(2)));
        }
        for (String procedure : objects.procedures()) {
            List<String> fields = show("PROCEDURE", source, procedure, 2); // Procedure, sql_mode, Create Procedure
            statements.add(dropIfExists("PROCEDURE", target, procedure));
            statements.add(underMode(fields.get(1), fields.get(2)));
        }
        Map<String, String> views = new LinkedHashMap<>();
        for (String view : objects.views()) {
            // SHOW CREATE VIEW: View, Create View, character_set_client, collation_connection.
            views.put(
                    view,
                    show("VIEW", source, view, 1).get(1).replace(identifier(source) + ".", identifier(target) + "."));
        }
        for (String view : readersLast(views)) {
            statements.add(dropIfExists("VIEW", target, view));
            statements.add(views.get(view));
        }
        for (String trigger : MariaDbSchemas.lines(db.admin(null, TRIGGERS_IN_ORDER_SQL.formatted(literal(source))))) {
            List<String> fields = show("TRIGGER", source, trigger, 2); // Trigger, sql_mode, SQL Original Statement
            statements.add(dropIfExists("TRIGGER", target, trigger));
            statements.add(underMode(fields.get(1), fields.get(2)));
        }
        if (withEvents) {
            for (String event : objects.events()) {
                List<String> fields = show("EVENT", source, event, 3); // Event, sql_mode, time_zone, Create Event
                statements.add(dropIfExists("EVENT", target, event));
                statements.add("SET SESSION time_zone = " + literal(fields.get(2)) + DELIMITER + "\n"
                        + underMode(fields.get(1), fields.get(3)));
            }
        }
        return script(target, statements);
    }

    /**
     * The views in an order where each comes after the views its definition names (a view on a view fails
     * before the one it reads exists); a cycle, which the server never allows, keeps the given order.
     */
    static List<String> readersLast(Map<String, String> definitions) {
        List<String> ordered = new ArrayList<>();
        List<String> left = new ArrayList<>(definitions.keySet());
        while (!left.isEmpty()) {
            String next = left.stream()
                    .filter(view -> left.stream()
                            .noneMatch(other ->
                                    !other.equals(view) && definitions.get(view).contains(identifier(other))))
                    .findFirst()
                    .orElse(left.get(0));
            ordered.add(next);
            left.remove(next);
        }
        return ordered;
    }

    /** {@code statements} run in {@code schema}, each ended by {@link #DELIMITER}. */
    static String script(String schema, List<String> statements) {
        if (statements.isEmpty()) {
            return "";
        }
        StringBuilder script = new StringBuilder("USE " + identifier(schema) + ";\nDELIMITER " + DELIMITER + "\n");
        statements.forEach(
                statement -> script.append(statement).append(DELIMITER).append('\n'));
        return script.append("DELIMITER ;\n")
                .append(MariaDbCommands.PLAIN_SQL_MODE)
                .toString();
    }

    private static String dropIfExists(String kind, String schema, String name) {
        return "DROP " + kind + " IF EXISTS " + identifier(schema) + "." + identifier(name);
    }

    private static String underMode(String sqlMode, String statement) {
        return "SET SESSION sql_mode = " + literal(sqlMode) + DELIMITER + "\n" + statement;
    }

    /** SHOW CREATE's one row; its definition (field {@code definition}) must be there, before anything changes. */
    private List<String> show(String kind, String schema, String name, int definition) {
        List<List<String>> rows = MariaDbCommands.fields(
                db.admin(null, "SHOW CREATE " + kind + " " + identifier(schema) + "." + identifier(name) + ";\n"));
        if (rows.size() != 1
                || rows.get(0).size() <= definition
                || rows.get(0).get(definition).isBlank()
                || rows.get(0).get(definition).equals("NULL")) {
            throw FailureType.RESTORE_FAILED.failure("the definition of " + kind.toLowerCase() + " " + name + " in "
                    + schema + " cannot be read as " + db.adminUser() + " (an object whose DEFINER is another"
                    + " account shows its definition to that account only): restore as the DEFINER, or grant "
                    + db.adminUser() + " SHOW CREATE ROUTINE / SUPER. Nothing was changed.");
        }
        return rows.get(0);
    }
}
