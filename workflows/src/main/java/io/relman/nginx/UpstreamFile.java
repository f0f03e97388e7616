package io.relman.nginx;

/**
 * One of relman's upstream files as nginx's container has it.
 *
 * @param path the file in the container
 * @param text its text, or null when there is no such file
 */
public record UpstreamFile(String path, String text) {}
