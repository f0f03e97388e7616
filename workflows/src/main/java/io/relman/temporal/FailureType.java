package io.relman.temporal;

import io.temporal.failure.ApplicationFailure;
import java.util.Arrays;

/**
 * The types of relman's failures, as Temporal and the Web UI show them. Each says whether retrying can
 * help; the message of a failure says what a release manager should do.
 */
public enum FailureType {
    /** The plan breaks a rule; only a corrected plan helps. */
    PLAN_ERROR("PlanError", false),
    /** The stack is not in a state a release can start from; nothing was changed. */
    PREFLIGHT_FAILED("PreflightFailed", false),
    /** A container that relman must create or keep is not the one it expects. */
    CONTAINER_CONFLICT("ContainerConflict", false),
    /** A secret the plan names is not among the worker's variables. */
    SECRET_MISSING("SecretMissing", false),
    /** A secret the plan names is not in the worker's allow-list. */
    SECRET_REFUSED("SecretRefused", false),
    /** A path the plan names (a build context, a backup directory) is outside the worker's allowed roots. */
    PATH_REFUSED("PathRefused", false),
    /** nginx refused the configuration relman wrote; relman's file is as before (put back, or removed). */
    LOAD_BALANCER_REJECTED("LoadBalancerRejected", false),
    REPLICA_UNHEALTHY("ReplicaUnhealthy", false),
    MIGRATION_FAILED("MigrationFailed", false),
    /** A hook of the plan exited with an error, or ran past its deadline. */
    HOOK_FAILED("HookFailed", false),
    BUILD_FAILED("BuildFailed", false),
    ROLLBACK_IMPOSSIBLE("RollbackImpossible", false),
    BACKUP_FAILED("BackupFailed", false),
    BACKUP_MISSING("BackupMissing", false),
    BACKUP_CORRUPT("BackupCorrupt", false),
    RESTORE_FAILED("RestoreFailed", false),
    RESTORE_MISMATCH("RestoreMismatch", false),
    VALIDATION_FAILED("ValidationFailed", false),
    /** A canary's analysis found its errors or its latency above the plan's thresholds. */
    CANARY_ANALYSIS_FAILED("CanaryAnalysisFailed", false),
    /** After a rollout, the engine's replicas are not what the release asked for. */
    STACK_MISMATCH("StackMismatch", false),
    APPROVAL_TIMED_OUT("ApprovalTimedOut", false),
    /** The release failed, and its details ({@code ReleaseFailure}) list what was undone. */
    RELEASE_FAILED("ReleaseFailed", false),
    /** A host presented an SSH key that its known_hosts does not hold, or holds another one. */
    HOST_KEY_REFUSED("HostKeyRefused", false),
    /** A host refused relman's SSH key, or the key cannot be read. */
    SSH_LOGIN_REFUSED("SshLoginRefused", false),
    /** A host did not answer over SSH; it may come back. */
    HOST_UNREACHABLE("HostUnreachable", true),
    /** The Docker engine did not answer; it may come back. */
    ENGINE_UNREACHABLE("EngineUnreachable", true);

    private final String typeName;
    private final boolean retryable;

    FailureType(String typeName, boolean retryable) {
        this.typeName = typeName;
        this.retryable = retryable;
    }

    /** The type as Temporal records it: {@code PlanError}. */
    public String typeName() {
        return typeName;
    }

    /**
     * A failure of this type with {@code message}, retried only when the type says that can help, carrying
     * {@code details} if any (for {@link #HOST_UNREACHABLE}: the host's name in the plan, which the workflow
     * reads to tell which host was lost).
     */
    public ApplicationFailure failure(String message, Object... details) {
        return retryable
                ? ApplicationFailure.newFailure(message, typeName, details)
                : ApplicationFailure.newNonRetryableFailure(message, typeName, details);
    }

    /** The types no retry can fix, for the retry options of every activity. */
    public static String[] nonRetryable() {
        return Arrays.stream(values())
                .filter(type -> !type.retryable)
                .map(FailureType::typeName)
                .toArray(String[]::new);
    }
}
