package io.relman.docker;

/**
 * An old replica kept, renamed, for rollback: stopped (stop-first) or still serving (start-first).
 *
 * @param keptAs name the old container was kept under, or null when there was none
 * @param image image the old container ran, or null
 */
public record KeptReplica(String keptAs, String image) {}
