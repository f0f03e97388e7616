package io.relman.cli;

import io.relman.plan.Plan;
import io.relman.release.ReleaseDryRun;
import java.util.List;
import picocli.CommandLine.Mixin;

/** A command that releases a version given on its command line (deploy, migrate), built from the plan. */
abstract class NewVersionCommand extends ReleaseCommand {
    @Mixin
    VersionOption given;

    /** Whether the run releases only the version's migration. */
    abstract boolean migrationOnly();

    @Override
    String givenVersion() {
        return given.version;
    }

    @Override
    List<String> dryRun(Plan loaded) {
        return ReleaseDryRun.describe(loaded, loaded.environment(environment).orElseThrow(), version, migrationOnly());
    }
}
