package io.relman.database;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts the rows of each table of a mariadb-dump while the dump streams through it to {@code out}: what the dump
 * holds, for its backup's {@link DatabaseFingerprint} (a count by statements of its own would not be in the
 * dump's transaction). Hand-written: no Java library reads mysqldump's SQL as a stream, or one would do this.
 *
 * <p>It reads the dump as mariadb-dump writes it (client/mysqldump.cc): each table's {@code CREATE TABLE `t` (}
 * at the start of a line, so that a table without rows counts 0; its rows as {@code INSERT INTO `t` VALUES
 * (...),(...);} at the start of a line, many rows a statement and many statements a table, the rows on the
 * INSERT's line or (newer versions) one a line; strings in single quotes with backslash escapes, a newline in
 * one written \n; triggers, routines and events between {@code DELIMITER ;;} and {@code DELIMITER ;}, where an
 * INSERT is a body's and not rows; {@code --} comments to the end of a line, and slash-star comments, which may
 * span lines ({@code /*!} and {@code /*M!} ones are SQL the server runs: strings are read in them). A row is a
 * parenthesis of an INSERT at depth 0 outside a string. Only ASCII bytes are looked at, so UTF-8 passes whole;
 * memory is constant but for the name being read.
 */
final class DumpRowCounter extends FilterOutputStream {
    private enum Reading {
        /** A line's first bytes, held until they tell what the line is. */
        LINE_START,
        INSERT_TABLE,
        /** An INSERT's rows, up to the ';' that ends it. */
        ROWS,
        CREATE_TABLE,
        /** The rest of a DELIMITER line: the new delimiter. */
        DELIMITER,
        /** A comment line, any line in a DELIMITER block, the rest of a line after an INSERT. */
        SKIPPED_LINE,
        /** Any other statement, read for its strings and comments, which may span lines. */
        OTHER
    }

    private enum Comment {
        NONE,
        /** After a slash and a star: the next bytes tell whether the server runs it. */
        OPENING,
        /** After the M of a MariaDB-only {@code /*M!}. */
        OPENING_M,
        PLAIN,
        EXECUTABLE
    }

    private static final String INSERT = "INSERT INTO ";
    private static final String CREATE = "CREATE TABLE ";
    private static final String DELIMITER = "DELIMITER ";
    private static final String VALUES = "VALUES";
    private static final String COMMENT_LINE = "--";
    private static final List<String> LINE_STARTS = List.of(INSERT, CREATE, DELIMITER, COMMENT_LINE);

    private final Map<String, Long> rows = new TreeMap<>();
    private Reading reading = Reading.LINE_START;
    /** How much of the VALUES keyword an INSERT has shown: its rows come after it. */
    private int valuesMatched;

    private final StringBuilder lineStart = new StringBuilder();
    /** Between a DELIMITER line naming anything but ';' and the one naming ';' again. */
    private boolean inDelimiterBlock;

    /** The UTF-8 bytes of the backquoted name being read, its backquotes undoubled. */
    private final ByteArrayOutputStream name = new ByteArrayOutputStream();

    private boolean nameOpened;
    /** A backquote in a name: its end, unless the next byte is another one. */
    private boolean nameQuote;

    private String table;
    private int depth;

    /** The quote of the string or name being read, or 0. */
    private int quote;

    private boolean escaped;
    private Comment comment = Comment.NONE;
    private int previous;
    private long offset;

    DumpRowCounter(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        read(b & 0xFF);
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
        out.write(bytes, off, len);
        for (int i = off; i < off + len; i++) {
            read(bytes[i] & 0xFF);
        }
    }

    /** Table name to its rows in the dump, every table it creates included; once the dump has all gone through. */
    Map<String, Long> rowCounts() {
        if (reading == Reading.ROWS || reading == Reading.INSERT_TABLE) {
            throw new IllegalStateException(
                    "the dump ends inside an INSERT, after " + offset + " bytes: it was cut short");
        }
        return new TreeMap<>(rows);
    }

    private void read(int b) throws IOException {
        offset++;
        switch (reading) {
            case LINE_START -> lineStart(b);
            case INSERT_TABLE, CREATE_TABLE -> name(b);
            case ROWS -> rows(b);
            case DELIMITER -> delimiter(b);
            case SKIPPED_LINE -> {
                if (b == '\n') {
                    startLine();
                }
            }
            case OTHER -> other(b);
        }
    }

    private void startLine() {
        reading = Reading.LINE_START;
        lineStart.setLength(0);
        previous = 0;
    }

    private void lineStart(int b) {
        lineStart.append((char) b);
        String seen = lineStart.toString();
        if (inDelimiterBlock) {
            // Nothing but the line that ends the block matters in it.
            if (seen.equals(DELIMITER)) {
                reading = Reading.DELIMITER;
                lineStart.setLength(0);
            } else if (!DELIMITER.startsWith(seen)) {
                reading = Reading.SKIPPED_LINE;
                if (b == '\n') {
                    startLine();
                }
            }
            return;
        }
        if (seen.equals(INSERT) || seen.equals(CREATE)) {
            reading = seen.equals(INSERT) ? Reading.INSERT_TABLE : Reading.CREATE_TABLE;
            nameOpened = false;
        } else if (seen.equals(DELIMITER)) {
            reading = Reading.DELIMITER;
            lineStart.setLength(0);
        } else if (seen.equals(COMMENT_LINE)) {
            reading = Reading.SKIPPED_LINE;
        } else if (LINE_STARTS.stream().noneMatch(start -> start.startsWith(seen))) {
            reading = Reading.OTHER;
            seen.chars().forEach(this::other);
        }
    }

    private void name(int b) throws IOException {
        if (!nameOpened) {
            if (b != '`') {
                String statement = reading == Reading.INSERT_TABLE ? INSERT : CREATE;
                throw new IOException("the dump has " + statement.strip() + " without a backquoted table name at byte "
                        + offset + ": it is not mariadb-dump's output as relman asks for it");
            }
            nameOpened = true;
        } else if (nameQuote) {
            nameQuote = false;
            if (b == '`') {
                name.write(b);
                return;
            }
            String read = name.toString(StandardCharsets.UTF_8);
            name.reset();
            rows.putIfAbsent(read, 0L);
            if (reading == Reading.INSERT_TABLE) {
                table = read;
                depth = 0;
                valuesMatched = 0;
                reading = Reading.ROWS;
                rows(b);
            } else {
                reading = Reading.OTHER;
                other(b);
            }
        } else if (b == '`') {
            nameQuote = true;
        } else {
            name.write(b);
        }
    }

    private void rows(int b) {
        if (quote != 0) {
            string(b);
            return;
        }
        if (valuesMatched < VALUES.length()) {
            columnsOrKeyword(b);
            return;
        }
        switch (b) {
            case '\'', '"' -> quote = b;
            case '(' -> {
                if (depth++ == 0) {
                    rows.merge(table, 1L, Long::sum);
                }
            }
            case ')' -> depth--;
            case ';' -> {
                if (depth == 0) {
                    reading = Reading.SKIPPED_LINE;
                }
            }
            default -> {}
        }
    }

    /**
     * Before VALUES: an optional column list, {@code (`a`, `b`)}, which mariadb-dump writes for a table with
     * INVISIBLE columns (and mysqldump for generated ones): its parenthesis is no row.
     */
    private void columnsOrKeyword(int b) {
        switch (b) {
            case '`' -> quote = b;
            case '(' -> depth++;
            case ')' -> depth--;
            default -> {
                if (depth == 0) {
                    int upper = Character.toUpperCase(b);
                    valuesMatched = upper == VALUES.charAt(valuesMatched)
                            ? valuesMatched + 1
                            : upper == VALUES.charAt(0) ? 1 : 0;
                }
            }
        }
    }

    private void delimiter(int b) {
        if (b == '\n') {
            inDelimiterBlock = !lineStart.toString().strip().equals(";");
            startLine();
        } else {
            lineStart.append((char) b);
        }
    }

    /** A string or quoted name's byte: a backslash escapes the next byte in a string ('' needs no care). */
    private void string(int b) {
        if (escaped) {
            escaped = false;
        } else if (b == '\\' && quote != '`') {
            escaped = true;
        } else if (b == quote) {
            quote = 0;
        }
    }

    private void other(int b) {
        if (comment != Comment.NONE) {
            comment(b);
        } else if (quote != 0) {
            string(b);
        } else if (b == '\'' || b == '"' || b == '`') {
            quote = b;
        } else if (b == '*' && previous == '/') {
            comment = Comment.OPENING;
            previous = 0;
            return;
        } else if (b == '\n') {
            startLine();
        }
        previous = b;
    }

    private void comment(int b) {
        switch (comment) {
            case OPENING -> comment = b == '!' ? Comment.EXECUTABLE : b == 'M' ? Comment.OPENING_M : Comment.PLAIN;
            case OPENING_M -> comment = b == '!' ? Comment.EXECUTABLE : Comment.PLAIN;
            default -> {}
        }
        if (comment == Comment.EXECUTABLE && quote != 0) {
            string(b);
        } else if (comment == Comment.EXECUTABLE && (b == '\'' || b == '"' || b == '`')) {
            quote = b;
        } else if (b == '/' && previous == '*') {
            comment = Comment.NONE;
            previous = 0;
            return;
        }
        previous = b;
    }
}
