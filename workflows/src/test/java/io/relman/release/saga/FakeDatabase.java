package io.relman.release.saga;

import io.relman.database.DatabaseFingerprint;
import io.relman.database.MigrationRequest;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The mocked stack's database as its fingerprint shows it: a migration that succeeds changes the schema,
 * the next one of its service (its undo) changes it back, a restore puts the backup's schema back.
 */
final class FakeDatabase {
    /** The services (their migration containers' prefix) whose migration is applied since the backup. */
    private final Set<String> migratedSinceBackup = Collections.synchronizedSet(new TreeSet<>());

    /** The fingerprint now: the backup's ({@link StackMocks#BEFORE}) unless a migration changed the schema since. */
    DatabaseFingerprint fingerprint() {
        return migratedSinceBackup.isEmpty()
                ? StackMocks.BEFORE
                : new DatabaseFingerprint("schema-after-" + migratedSinceBackup, StackMocks.BEFORE.rowCounts());
    }

    /** The schema is changed as {@code migration}'s command would change it (or back, the second time). */
    void migrated(MigrationRequest migration) {
        String service =
                migration.container().substring(0, migration.container().indexOf("-migrate-"));
        if (!migratedSinceBackup.remove(service)) {
            migratedSinceBackup.add(service);
        }
    }

    /** A backup taken before any migration was restored. */
    void restored() {
        migratedSinceBackup.clear();
    }
}
