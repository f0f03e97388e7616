package io.relman.cli.init;

import java.util.ArrayList;
import java.util.List;

/**
 * What relman init prints last: the lines its plan needs in the user's {@code .relman/local.env} (the
 * embedded worker's settings of the user's own, scripts/local-env.sh) and how to apply them.
 */
final class LocalEnvAdvice {
    private LocalEnvAdvice() {}

    /** Nothing when the plan names no secret and no directory on the worker's host. */
    static List<String> lines(ComposePlan.Written plan) {
        if (plan.passwordEnv() == null && plan.backupDir() == null) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        lines.add("The worker needs these lines in .relman/local.env (in relman's checkout; yours, no script"
                + " writes it; add to a RELMAN_*_ALLOWED line you have with a comma):");
        if (plan.passwordEnv() != null) {
            lines.add("  " + plan.passwordEnv() + "=" + "<the password of database user "
                    + YamlText.oneLine(plan.databaseUser()) + ">");
            lines.add("  RELMAN_SECRETS_ALLOWED=" + plan.passwordEnv());
        }
        if (plan.backupDir() != null) {
            lines.add("  RELMAN_PATHS_ALLOWED=" + plan.backupDir());
        }
        lines.add("then apply them: chmod 600 .relman/local.env && scripts/setup.sh");
        return lines;
    }
}
