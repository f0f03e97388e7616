package io.relman.docker;

import io.relman.plan.Host;
import io.relman.plan.OnHost;
import java.util.List;

/**
 * The pre-flight check of the worker's Docker engine: it answers, there is room for a release, and what the
 * plan asks of the worker's host (its secrets, its directories) is what the worker lets plans use.
 *
 * @param backupDir the plan's backup directory (it may be on another file system), or null without a database
 * @param minFreeBytes what must be free under the engine's data directory and under {@code backupDir}
 * @param secrets the worker variables the plan names (secret_env, password_env): each must be one the worker
 *     hands out, and set; null in runs started before the check
 * @param buildContexts the plan's build contexts: each must lie where the worker lets plans build; null in
 *     runs started before the check
 * @param host the machine whose docker engine this acts on
 */
public record EngineCheck(
        Host host, String backupDir, long minFreeBytes, List<String> secrets, List<String> buildContexts)
        implements OnHost {
    /** A check of the engine and the disk only. */
    public EngineCheck(Host host, String backupDir, long minFreeBytes) {
        this(host, backupDir, minFreeBytes, List.of(), List.of());
    }

    public EngineCheck {
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
        buildContexts = buildContexts == null ? List.of() : List.copyOf(buildContexts);
    }
}
