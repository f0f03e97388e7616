package io.relman.cli.release;

import io.relman.cli.common.CommandException;
import io.relman.cli.common.ExitCode;
import io.relman.database.BackupFile;
import io.relman.release.AdoptedBaseline;
import io.relman.release.ReleaseKind;
import io.relman.release.ReleaseOutcome;
import io.relman.release.ReleaseRecord;
import java.util.List;

/**
 * Where a rollback goes, from relman's records (newest first): from the release the environment runs to
 * an earlier one that succeeded, or to its baseline (what ran before relman's first release there).
 *
 * @param from the release that runs now
 * @param target the record to go back to
 * @param restoreFrom the backup {@code from} took before it migrated, with --restore-db; else null
 */
record RollbackTarget(String from, ReleaseRecord target, BackupFile restoreFrom) {

    /** Whether the target is what ran before relman. */
    boolean toBaseline() {
        return target.kind() == ReleaseKind.BASELINE;
    }

    /**
     * @param to the version --to names ({@value AdoptedBaseline#MIXED_VERSION} names the baseline too), or null
     *     for the last one before the current
     */
    static RollbackTarget choose(List<ReleaseRecord> history, String environment, String to, boolean restoreDatabase) {
        List<ReleaseRecord> succeeded = history.stream()
                .filter(release ->
                        release.outcome() == ReleaseOutcome.SUCCEEDED && release.kind() != ReleaseKind.MIGRATION)
                .toList();
        List<ReleaseRecord> released = succeeded.stream()
                .filter(release -> release.kind() != ReleaseKind.BASELINE)
                .toList();
        if (released.isEmpty()) {
            throw new CommandException(
                    ExitCode.BAD_INPUT,
                    "no succeeded release of " + environment + " is recorded;"
                            + " there is nothing to roll back. Nothing was changed.");
        }
        String from = released.get(0).version();
        ReleaseRecord target = succeeded.stream()
                .filter(release -> to == null
                        ? !release.version().equals(from)
                        : release.version().equals(to)
                                || (release.kind() == ReleaseKind.BASELINE && to.equals(AdoptedBaseline.MIXED_VERSION)))
                .findFirst()
                .orElseThrow(() -> new CommandException(
                        ExitCode.BAD_INPUT,
                        to == null
                                ? "no release of " + environment + " before " + from + " is recorded, nor what ran"
                                        + " before relman's first release there (relman records it with the first"
                                        + " release on a stack it did not make); name one with --to"
                                : to + " was never released to " + environment
                                        + " successfully; see relman history --env " + environment));
        if (target.version().equals(from)) {
            throw new CommandException(
                    ExitCode.BAD_INPUT, environment + " runs " + from + " already. Nothing was changed.");
        }
        BackupFile restoreFrom = null;
        if (restoreDatabase) {
            restoreFrom = released.stream()
                    .filter(release -> release.version().equals(from) && release.backup() != null)
                    .map(ReleaseRecord::backup)
                    .findFirst()
                    .orElseThrow(() -> new CommandException(
                            ExitCode.BAD_INPUT,
                            "no backup is recorded for the release of " + from
                                    + "; roll back without --restore-db (the migration"
                                    + " is run down instead). Nothing was changed."));
        }
        return new RollbackTarget(from, target, restoreFrom);
    }
}
