package io.relman.database;

import io.relman.temporal.FailureType;
import io.temporal.failure.ApplicationFailure;

/**
 * One swap of a schema's tables with another's on the server ({@link MariaDbSwap}'s SQL, {@link MariaDbCode}'s
 * code), run so that a failure leaves something the undo can work with: every definition is read before anything
 * changes; a swap that fails before its RENAME TABLE puts the live schema's code back and drops the empty aside
 * schema (the live schema as it was); after the RENAME, the code the aside schema needs for a put-back is created
 * first, then the incoming one's.
 */
record MariaDbTableSwap(MariaDbSession db, MariaDbSchemas schemas) {
    /** Well above the lock waits of the statements a swap runs, each bounded (MariaDbSwap.LOCK_WAIT_SECONDS). */
    private static final java.time.Duration LIMIT = java.time.Duration.ofMinutes(15);

    /**
     * Moves every table of {@code live} into {@code aside} and every one of {@code incoming} into {@code live};
     * {@code failing} begins the message of a failure ("the verified restore could not take the place of ").
     */
    void run(String live, String incoming, String aside, String failing) {
        MariaDbSwap.SchemaObjects liveObjects = schemas.objects(live);
        MariaDbSwap.SchemaObjects incomingObjects = schemas.objects(incoming);
        MariaDbCode code = new MariaDbCode(db);
        String incomingCode = code.recreate(incoming, incomingObjects, live, true);
        String liveCodeAside = code.recreate(live, liveObjects, aside, false);
        String liveCodeBack = code.recreate(live, liveObjects, live, true);
        script(MariaDbSwap.prepare(incoming, incomingObjects, aside), failing + live, " was not changed");
        try {
            db.admin(null, MariaDbSwap.swap(live, liveObjects, incoming, incomingObjects, aside), LIMIT);
        } catch (ApplicationFailure failure) {
            if (!schemas.baseTables(aside).isEmpty()) {
                throw FailureType.RESTORE_FAILED.failure(failing + live + " after its tables moved ("
                        + failure.getOriginalMessage() + "); the undo puts the tables set aside in " + aside
                        + " back");
            }
            // Before its RENAME: the live tables are in place; their triggers and views, dropped, come back.
            script(liveCodeBack, "after a failed swap, putting back the triggers and views of ", live);
            schemas.drop(aside, null);
            throw FailureType.RESTORE_FAILED.failure(
                    failing + live + " (" + failure.getOriginalMessage() + "); " + live + " was not changed");
        }
        script(
                liveCodeAside + incomingCode,
                "the tables moved, but their views, triggers or routines could not be created in ",
                live + "; the undo puts the tables set aside in " + aside + " back");
    }

    private void script(String sql, String what, String after) {
        if (sql.isBlank()) {
            return;
        }
        try {
            db.admin(null, sql, LIMIT);
        } catch (ApplicationFailure failure) {
            throw FailureType.RESTORE_FAILED.failure(what + after + " (" + failure.getOriginalMessage() + ")");
        }
    }
}
