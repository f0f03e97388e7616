package io.relman.cli;

import picocli.CommandLine.Parameters;

/** The release a command looks at or signals: an environment, or its workflow id as the Web UI shows it. */
final class ReleaseRunParameter {
    @Parameters(
            paramLabel = "ENV|WORKFLOW_ID",
            description = "The environment, or its release workflow id (release-ENV, as the Web UI shows it).")
    String run;
}
