package io.relman.temporal;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/** Names shared by the CLI, the worker and the Web UI: task queue and search attributes. */
public final class RelmanTemporal {
    public static final String DEFAULT_TASK_QUEUE = "relman";

    /** Registered on the Temporal server by scripts/lib.sh (start_temporal). */
    public static final SearchAttributeKey<String> ENVIRONMENT = SearchAttributeKey.forKeyword("Environment");

    public static final SearchAttributeKey<List<String>> SERVICE = SearchAttributeKey.forKeywordList("Service");
    public static final SearchAttributeKey<String> RELEASE_VERSION = SearchAttributeKey.forKeyword("ReleaseVersion");

    private RelmanTemporal() {}

    /** Memo key of the person (user@host) who started a release. */
    public static final String MEMO_REQUESTED_BY = "requestedBy";

    private static final String RELEASE_ID_PREFIX = "release-";

    /**
     * {@code release-demo}: every run that changes an environment (deploy, migration, rollback) uses
     * this one workflow id, so that the server itself refuses a second one while the first runs: the
     * environment's lock, which no crash can leave held.
     */
    public static String releaseWorkflowId(String environment) {
        return RELEASE_ID_PREFIX + environment;
    }

    /** Accepts an environment name or a release workflow id, and gives the workflow id. */
    public static String releaseWorkflowIdOf(String environmentOrWorkflowId) {
        return environmentOrWorkflowId.startsWith(RELEASE_ID_PREFIX)
                ? environmentOrWorkflowId
                : releaseWorkflowId(environmentOrWorkflowId);
    }
}
