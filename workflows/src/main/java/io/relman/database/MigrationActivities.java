package io.relman.database;

import io.relman.plan.Host;
import io.temporal.activity.ActivityInterface;

/** The app's own migration tool, run in a one-off container of a release's image. */
@ActivityInterface(namePrefix = "Migration")
public interface MigrationActivities {

    /**
     * Runs the command in a one-off container on the stack's network, like
     * {@code docker compose run app migrate}. A retry adopts the container an earlier attempt left: it
     * starts it if that attempt died before starting it, waits for it if it runs, and reads its exit code
     * if it ended, so the command runs once. A failing command fails without retry, with the end of its
     * output in the message. Cancelled (an abort), it stops and removes the container before it returns, so
     * the undo never runs beside it.
     */
    MigrationOutcome run(MigrationRequest request);

    /** Removes a migration's container once the run has its result; gone already is fine. */
    void remove(Host host, String container);
}
