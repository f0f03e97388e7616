package io.relman.docker;

/** Selects the containers of one service in one environment of a project, by relman's labels. */
public record ReplicaSelector(String project, String environment, String service) {}
