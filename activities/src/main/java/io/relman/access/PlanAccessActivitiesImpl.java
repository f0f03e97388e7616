package io.relman.access;

import io.relman.plan.Database;
import io.relman.plan.PlanValidator;
import io.relman.secrets.SecretResolver;
import io.relman.temporal.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.util.List;

/**
 * The worker's check of what a run will touch on its host ({@link PlanAccess}): the names that become file
 * names, every SSH host and its bastions, the worker variables, the backup directory and its retention.
 * Reads only the worker's configuration and the file system's names: it changes nothing, so it is retried
 * freely; a refusal is final and says what to change.
 */
public class PlanAccessActivitiesImpl implements PlanAccessActivities {
    private static final String NOTHING_CHANGED = "Nothing was changed.";

    private final AllowedPaths paths;
    private final SecretResolver secrets;
    private final HostAccess hosts;

    public PlanAccessActivitiesImpl(AllowedPaths paths, SecretResolver secrets) {
        this.paths = paths;
        this.secrets = secrets;
        this.hosts = new HostAccess(paths, secrets);
    }

    @Override
    public String check(PlanAccess request) {
        List<String> problems = PlanAccessRules.problems(request);
        if (!problems.isEmpty()) {
            throw FailureType.PLAN_ERROR.failure(PlanValidator.refusal(
                    "of " + request.project() + " " + request.environment(),
                    problems.stream().map(problem -> problem + ".").toList()));
        }
        try {
            request.hosts().forEach(hosts::require);
            secrets.requireHandedOut(request.secrets());
            Database database = request.database();
            if (database != null) {
                paths.require(database.backupDir(), "environments/" + request.environment() + "/database/backup_dir");
            }
        } catch (ApplicationFailure refused) {
            String message = refused.getOriginalMessage();
            throw message.contains(NOTHING_CHANGED)
                    ? refused
                    : ApplicationFailure.newNonRetryableFailure(message + " " + NOTHING_CHANGED, refused.getType());
        }
        return "the worker lets " + request.project() + " " + request.environment() + " use its "
                + request.hosts().size() + " host(s), " + request.secrets().size() + " secret(s)"
                + (request.database() == null
                        ? ""
                        : " and " + request.database().backupDir());
    }
}
