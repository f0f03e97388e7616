package io.relman.docker;

/** A replica after creation. {@code copiedFrom} names the kept container whose configuration was used. */
public record ReplicaContainer(String container, String containerId, String image, String copiedFrom) {}
