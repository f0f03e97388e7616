package io.relman.bench;

import io.relman.database.MigrationActivities;
import io.relman.database.MigrationOutcome;
import io.relman.database.MigrationRequest;
import io.relman.plan.Host;

/** The bench's plan has no database: registered so that the worker knows the names, never called. */
final class NoMigrations implements MigrationActivities {
    @Override
    public MigrationOutcome run(MigrationRequest request) {
        throw new UnsupportedOperationException("the bench's plan has no migration");
    }

    @Override
    public void remove(Host host, String container) {
        throw new UnsupportedOperationException("the bench's plan has no migration");
    }
}
