package io.relman.database;

import io.relman.plan.Database;
import io.relman.plan.Host;
import io.temporal.activity.ActivityInterface;

/**
 * Whether a restore of the database can run, asked before anything changes: a restore creates a scratch
 * database beside the live one, fills and verifies it, and swaps it in by renames, which PostgreSQL allows
 * only a superuser or an owner that may create databases ({@code CREATEDB}).
 */
@ActivityInterface(namePrefix = "RestoreAccess")
public interface RestoreAccessActivities {
    /**
     * Asks the server what the role that would create the scratch database may do: the plan's admin_user
     * when it names one, else the database's user. Returns what it found, in words; fails without retry
     * ({@code PreflightFailed}), naming the grant and the plan's setting, when that role may not.
     */
    String check(Host host, Database database);
}
