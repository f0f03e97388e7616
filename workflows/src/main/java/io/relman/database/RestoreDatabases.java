package io.relman.database;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The databases an all-or-nothing restore works with, beside the live one on the same server:
 * named to say what they are, within PostgreSQL's 63-byte limit.
 */
public final class RestoreDatabases {
    private static final int MAX_NAME = 63;
    private static final String SCRATCH_PREFIX = "relman_restore_";
    private static final String DRILL_PREFIX = "relman_drill_";
    private static final String ASIDE = "_before_restore_";
    private static final int TIME_LENGTH = "yyyyMMddHHmmssSSS".length();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);

    private RestoreDatabases() {}

    /** Where the backup is restored and verified while the live database serves on: {@code relman_restore_shop}. */
    public static String scratch(String live) {
        return SCRATCH_PREFIX + cut(live, MAX_NAME - SCRATCH_PREFIX.length());
    }

    /** Where a drill restores the backup, dropped when it is done: {@code relman_drill_shop}. */
    public static String drill(String live) {
        return DRILL_PREFIX + cut(live, MAX_NAME - DRILL_PREFIX.length());
    }

    /** When the aside database {@code name} of {@code live} was set aside, or empty when it is not one. */
    public static Optional<Instant> asideSince(String live, String name) {
        String prefix = asidePrefix(live);
        if (!name.startsWith(prefix)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.from(TIME.parse(name.substring(prefix.length()))));
        } catch (DateTimeParseException notOurs) {
            return Optional.empty();
        }
    }

    /** What every aside database of {@code live} starts with. */
    public static String asidePrefix(String live) {
        return cut(live, MAX_NAME - ASIDE.length() - TIME_LENGTH) + ASIDE;
    }

    /** The name the live database keeps once a restore replaced it: {@code shop_before_restore_20261126041500123}. */
    public static String aside(String live, Instant restoredAt) {
        return asidePrefix(live) + TIME.format(restoredAt);
    }

    /**
     * The name the restored database keeps once a put-back replaced it with the one set aside:
     * {@code shop_restored_before_restore_20261126041500123}.
     */
    public static String restoredAside(String live, Instant putBackAt) {
        return aside(live + "_restored", putBackAt);
    }

    private static String cut(String name, int length) {
        return name.length() <= length ? name : name.substring(0, length);
    }
}
