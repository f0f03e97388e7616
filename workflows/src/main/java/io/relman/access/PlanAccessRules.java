package io.relman.access;

import io.relman.plan.BackupPolicy;
import io.relman.plan.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of {@link PlanAccess} that need no file nor setting of the worker: the names that become part of
 * a path stay one file name, and retention keeps at least the newest backup. Pure; the worker runs them on
 * every run's plan, as the CLI's validator does on relman.yml.
 */
public final class PlanAccessRules {
    /** One file name: letters, digits, dots, underscores and dashes, and not {@code .} nor {@code ..}. */
    static final Pattern PATH_NAME = Pattern.compile("(?!\\.{1,2}$)[A-Za-z0-9._-]{1,100}");

    private PlanAccessRules() {}

    /** Whether {@code name} can be part of a file name without leaving its directory. */
    public static boolean pathName(String name) {
        return name != null && PATH_NAME.matcher(name).matches();
    }

    /** Every rule {@code request} breaks, each naming the plan's key and the fix; empty when none. */
    public static List<String> problems(PlanAccess request) {
        List<String> problems = new ArrayList<>();
        name(problems, "project", request.project());
        name(problems, "environments/" + request.environment(), request.environment());
        Database database = request.database();
        if (database != null) {
            String at = "environments/" + request.environment() + "/database";
            name(problems, at + "/name", database.name());
            BackupPolicy backup = database.backup();
            if (backup.keepLast() < 1) {
                problems.add(at + "/backup/keep_last is " + backup.keepLast() + ": retention would delete every"
                        + " backup; set it to 1 or more (the newest backups always kept)");
            }
            if (backup.keepDays() < 1) {
                problems.add(at + "/backup/keep_days is " + backup.keepDays() + ": retention would delete the"
                        + " databases restores set aside at once; set it to 1 or more");
            }
        }
        return problems;
    }

    private static void name(List<String> problems, String key, String name) {
        if (!pathName(name)) {
            problems.add(key + " '" + name + "' becomes part of file names: use letters, digits, '.', '_' and '-'"
                    + " only (no '/', no '..')");
        }
    }
}
