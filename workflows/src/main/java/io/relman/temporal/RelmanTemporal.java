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

    /** How a Backup or Drill run ended: backed-up, backup-failed, drill-passed, drill-failed. */
    public static final SearchAttributeKey<String> BACKUP_STATE = SearchAttributeKey.forKeyword("BackupState");

    private RelmanTemporal() {}

    /** Memo key of the person (user@host) who started a release. */
    public static final String MEMO_REQUESTED_BY = "requestedBy";

    private static final String RELEASE_ID_PREFIX = "release-";

    /**
     * {@code release-shop-demo}: every run that changes an environment of a project (deploy, migration,
     * rollback) uses this one workflow id, so that the server itself refuses a second one while the first
     * runs: the environment's lock, which no crash can leave held. The project is part of it, so that two
     * projects' environments of one name do not lock each other.
     */
    public static String releaseWorkflowId(String project, String environment) {
        return RELEASE_ID_PREFIX + project + "-" + environment;
    }

    /**
     * {@code backup-shop-demo}: the Backup runs of an environment (and its Schedule; the runs a schedule
     * starts get the time appended). A backup has its own lock: it may run beside a release.
     */
    public static String backupWorkflowId(String project, String environment) {
        return "backup-" + project + "-" + environment;
    }

    /** {@code drill-shop-demo}: the restore drills of an environment, and their Schedule. */
    public static String drillWorkflowId(String project, String environment) {
        return "drill-" + project + "-" + environment;
    }

    /** The drills' workflow id of the environment a release workflow id names. */
    public static String drillWorkflowIdOf(String releaseWorkflowId) {
        return "drill-" + releaseWorkflowId.substring(RELEASE_ID_PREFIX.length());
    }

    /** Whether {@code workflowId} is a run of {@code scheduleOrId}: the id itself, or a scheduled run (id-TIME). */
    public static boolean isRunOf(String workflowId, String scheduleOrId) {
        return workflowId.equals(scheduleOrId)
                || workflowId.matches(java.util.regex.Pattern.quote(scheduleOrId) + "-\\d{4}-\\d{2}-\\d{2}T.*");
    }

    /** Whether {@code text} names a release workflow rather than an environment. */
    public static boolean isReleaseWorkflowId(String text) {
        return text.startsWith(RELEASE_ID_PREFIX);
    }
}
