package io.relman.database;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What "the database is as it was" means for relman: the same schema (tables, columns, indexes) and
 * the same number of rows in every table.
 *
 * @param schemaSha256 sha256 of the schema's description
 * @param rowCounts table name to its number of rows
 */
public record DatabaseFingerprint(String schemaSha256, Map<String, Long> rowCounts) {
    public DatabaseFingerprint {
        rowCounts = new TreeMap<>(rowCounts);
    }

    /** What differs from {@code expected}, in words; empty when they are equal. */
    public List<String> differencesFrom(DatabaseFingerprint expected) {
        List<String> differences = new ArrayList<>();
        if (!schemaSha256.equals(expected.schemaSha256())) {
            differences.add("the schema differs");
        }
        TreeSet<String> tables = new TreeSet<>(rowCounts.keySet());
        tables.addAll(expected.rowCounts().keySet());
        for (String table : tables) {
            Long now = rowCounts.get(table);
            Long before = expected.rowCounts().get(table);
            if (now == null) {
                differences.add("table " + table + " is missing");
            } else if (before == null) {
                differences.add("table " + table + " was not there before");
            } else if (!now.equals(before)) {
                differences.add("table " + table + " has " + now + " rows instead of " + before);
            }
        }
        return differences;
    }

    /** {@code alembic_version=1, items=3}, for messages. */
    public String rowCountsText() {
        return rowCounts.isEmpty() ? "no tables" : rowCounts.toString().replaceAll("[{}]", "");
    }
}
