package io.relman.database;

import io.temporal.activity.ActivityInterface;

/** The app's own migration tool, run in a one-off container of a release's image. */
@ActivityInterface(namePrefix = "Migration")
public interface MigrationActivities {

    /**
     * Runs the command in a one-off container on the stack's network, like
     * {@code docker compose run --rm app migrate}, and removes the container afterwards. A failing
     * command fails without retry, with the end of its output in the message.
     */
    MigrationOutcome run(MigrationRequest request);
}
