package io.relman.release.saga;

import io.relman.database.RestoreAccess;
import io.relman.plan.Database;
import io.relman.plan.ReleaseStep;

/**
 * The pre-flight's check, in a release whose undo may restore a backup, that the restore can run: a
 * release whose undo needs a privilege the database role lacks would fail exactly when it is undone, so it
 * is refused before anything changes.
 */
final class RestoreAccessCheck {
    /** Since this change, a release that may restore checks it can; runs before it replay without the check. */
    static final String CHANGE = "release-restore-access";

    private final Release release;

    RestoreAccessCheck(Release release) {
        this.release = release;
    }

    /** Checks, when {@code mayRestore}, that the environment's database can be restored. */
    void requireIf(boolean mayRestore) {
        Database database = release.environment.database();
        if (!mayRestore || database == null || !RestoreAccess.checkedSince(CHANGE)) {
            return;
        }
        release.progress.report(
                ReleaseStep.PREFLIGHT,
                null,
                "checking that " + database.scratchRole() + " may create the scratch database a restore of "
                        + database.name() + " needs");
        release.progress.report(
                ReleaseStep.PREFLIGHT, null, RestoreAccess.check(release.environment.databaseHost(), database));
    }
}
