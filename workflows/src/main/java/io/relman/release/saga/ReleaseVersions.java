package io.relman.release.saga;

import io.temporal.workflow.Workflow;

/**
 * What a run does, by the version markers in its history: each change to the sequence of a release's
 * commands is one marker, so that runs started before it replay as they ran. Each of the five that follow
 * the plan check includes the ones before it.
 *
 * @param planChecked {@code release-plan-checked}: the plan is checked on the worker before anything runs,
 *     whoever sent it
 * @param saga {@code deploy-saga}: the pre-flight inspection of the replicas, and the undo steps after a
 *     failure
 * @param backups {@code deploy-backup}: the backup before the migration, and the restore when its
 *     down-migration fails
 * @param checks {@code release-checks}: the pre-flight probe of every running replica and, after the
 *     rollout, the validation of the plan's critical endpoints through the load balancer
 * @param engineCheck {@code release-engine-check}: the pre-flight check of the engine and of the free disk
 * @param planSteps {@code release-plan-steps}: the order of the steps and the approval gates from the plan,
 *     a rollback's rollout and schema step the other way round from the deploy's, a backup before a
 *     release without a migration when none is younger than max_backup_age, and start-first
 * @param stackByName {@code release-stack-by-name}: the replicas are found by the names the plan gives
 *     them, whoever made them, and checked to be the plan's; the stack is compared with the pre-flight's
 *     after an undo, and with what the plan asked for after a release
 * @param restoreUndoneBySwap {@code release-restore-undone-by-swap}: a rollback that restored a backup
 *     is undone by putting the database the restore set aside back (it used to restore the run's own
 *     backup, which a plan without a backup step does not take)
 * @param migrationPerRun {@code release-migration-per-run}: a migration's container is named with the run,
 *     so that no run adopts another's, and removed by a step of its own once its result is in the history,
 *     so that a worker dying in between cannot make a retry run the command again
 */
record ReleaseVersions(
        boolean planChecked,
        boolean saga,
        boolean backups,
        boolean checks,
        boolean engineCheck,
        boolean planSteps,
        boolean stackByName,
        boolean restoreUndoneBySwap,
        boolean migrationPerRun) {
    static final String PLAN_CHECK_CHANGE = "release-plan-checked";
    static final String SAGA_CHANGE = "deploy-saga";
    static final String BACKUP_CHANGE = "deploy-backup";
    static final String CHECKS_CHANGE = "release-checks";
    static final String ENGINE_CHANGE = "release-engine-check";
    static final String STEPS_CHANGE = "release-plan-steps";
    static final String STACK_CHANGE = "release-stack-by-name";
    static final String RESTORE_SWAP_CHANGE = "release-restore-undone-by-swap";
    static final String MIGRATION_PER_RUN_CHANGE = "release-migration-per-run";
    /**
     * A run whose environment has {@code notify} starts its notifications and signals them its events
     * ({@link Notifier}). Asked only then, not by {@link #ofThisRun}: a plan without it adds no marker.
     */
    static final String NOTIFY_CHANGE = "release-notify";

    /** The versions of the run being executed; asked in the order the markers were added. */
    static ReleaseVersions ofThisRun() {
        boolean planChecked = since(PLAN_CHECK_CHANGE);
        boolean saga = since(SAGA_CHANGE);
        boolean backups = saga && since(BACKUP_CHANGE);
        boolean checks = backups && since(CHECKS_CHANGE);
        boolean engineCheck = checks && since(ENGINE_CHANGE);
        boolean planSteps = engineCheck && since(STEPS_CHANGE);
        boolean stackByName = planSteps && since(STACK_CHANGE);
        boolean restoreUndoneBySwap = stackByName && since(RESTORE_SWAP_CHANGE);
        boolean migrationPerRun = restoreUndoneBySwap && since(MIGRATION_PER_RUN_CHANGE);
        return new ReleaseVersions(
                planChecked,
                saga,
                backups,
                checks,
                engineCheck,
                planSteps,
                stackByName,
                restoreUndoneBySwap,
                migrationPerRun);
    }

    private static boolean since(String change) {
        return Workflow.getVersion(change, Workflow.DEFAULT_VERSION, 1) == 1;
    }
}
