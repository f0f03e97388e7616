package io.relman.database;

import io.temporal.activity.ActivityInterface;

/**
 * The live database measured as a backup's manifest describes it (schema and row counts): what an undo
 * compares with the backup taken before the migration, to know whether there is anything to restore and
 * whether the database is as it was.
 */
@ActivityInterface(namePrefix = "Fingerprint")
public interface FingerprintActivities {

    /** The database's fingerprint now, read with psql in its container; reads only. */
    DatabaseFingerprint current(FingerprintRequest request);
}
