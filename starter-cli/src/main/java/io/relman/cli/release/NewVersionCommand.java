package io.relman.cli.release;

import io.relman.plan.Plan;
import io.relman.release.saga.ReleaseDryRun;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A command that releases a version given on its command line (deploy, migrate), built from the plan. */
abstract class NewVersionCommand extends ReleaseCommand {
    @Mixin
    VersionOption given;

    // --version names the release here, so picocli's standard options (-h and -V) cannot be mixed in: they
    // would be dropped whole, and --help would fail on the missing required options.
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean helpAsked;

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
