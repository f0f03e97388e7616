package io.relman.database;

import static io.relman.database.MariaDbCommands.identifier;
import static io.relman.database.MariaDbCommands.literal;

import java.util.ArrayList;
import java.util.List;

/**
 * A schema's code (views, triggers, procedures, functions, events) as statements that create it in another
 * schema: what {@link MariaDbSwap} cannot move with the tables. Read with SHOW CREATE, which gives each one as it
 * was created (triggers and routines name their tables without the schema, as mariadb-dump writes them); a view's
 * definition names its schema, which is replaced by the target's. Each statement runs under the sql_mode it was
 * created with, between delimiters of its own, since a routine's body holds semicolons.
 */
final class MariaDbCode {
    /** No body holds it: the statements' delimiter in the client's script. */
    static final String DELIMITER = "$$relman$$";

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
        for (String view : objects.views()) {
            // SHOW CREATE VIEW: View, Create View, character_set_client, collation_connection.
            String created = show("VIEW", source, view).get(1);
            statements.add(created.replace(identifier(source) + ".", identifier(target) + "."));
        }
        for (String trigger : objects.triggers()) {
            // SHOW CREATE TRIGGER: Trigger, sql_mode, SQL Original Statement, ...
            List<String> fields = show("TRIGGER", source, trigger);
            statements.add(underMode(fields.get(1), fields.get(2)));
        }
        for (String procedure : objects.procedures()) {
            List<String> fields = show("PROCEDURE", source, procedure); // Procedure, sql_mode, Create Procedure
            statements.add(underMode(fields.get(1), fields.get(2)));
        }
        for (String function : objects.functions()) {
            List<String> fields = show("FUNCTION", source, function); // Function, sql_mode, Create Function
            statements.add(underMode(fields.get(1), fields.get(2)));
        }
        if (withEvents) {
            for (String event : objects.events()) {
                List<String> fields = show("EVENT", source, event); // Event, sql_mode, time_zone, Create Event
                statements.add(underMode(fields.get(1), fields.get(3)));
            }
        }
        return script(target, statements);
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

    private static String underMode(String sqlMode, String statement) {
        return "SET SESSION sql_mode = " + literal(sqlMode) + DELIMITER + "\n" + statement;
    }

    private List<String> show(String kind, String schema, String name) {
        List<List<String>> rows = MariaDbCommands.fields(
                db.admin(schema, "SHOW CREATE " + kind + " " + identifier(schema) + "." + identifier(name) + ";\n"));
        if (rows.size() != 1) {
            throw new IllegalStateException(
                    "SHOW CREATE " + kind + " " + name + " in " + schema + " gave " + rows.size() + " rows");
        }
        return rows.get(0);
    }
}
