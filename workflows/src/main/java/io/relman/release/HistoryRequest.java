package io.relman.release;

/** @param limit at most this many releases, newest first */
public record HistoryRequest(String project, String environment, int limit) {}
