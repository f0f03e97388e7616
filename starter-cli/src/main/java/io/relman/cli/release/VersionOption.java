package io.relman.cli.release;

import picocli.CommandLine.Option;

/** The version a command releases, as given on its command line. */
final class VersionOption {
    @Option(
            names = "--version",
            required = true,
            paramLabel = "VERSION",
            order = 1,
            description = "The version: its image tag (letters, digits, _ . -), built from the plan's Dockerfile.")
    String version;
}
