package io.relman.docker;

/**
 * @param containerId the replica running under the name now, or null when it was removed
 * @param image the image it runs, or null
 * @param summary what was done, in words
 */
public record RestoredReplica(String container, String containerId, String image, String summary) {}
