package io.relman.docker;

/**
 * @param keptAs name the old container was kept under, or null when there was none to stop
 * @param image image the old container ran, or null
 */
public record StoppedReplica(String keptAs, String image) {}
