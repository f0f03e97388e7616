package io.relman.release;

/**
 * @param keptAs the old container kept for rollback, or null on a first deploy
 * @param healthyAfterMillis time from start of the new container's probe to its first healthy answer
 */
public record ReplacedReplica(
        String service, String container, String containerId, String keptAs, long healthyAfterMillis) {}
