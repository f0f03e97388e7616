package io.relman.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.cli.backup.BackupCommand;
import io.relman.cli.common.ExitCode;
import io.relman.cli.release.StatusCommand;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(20)
class RelmanCliTest {
    private static final String PLAN = "../examples/shop/relman.yml";
    /** Nothing listens here: a command that got as far as connecting would exit 3, not 2. */
    private static final String NO_SERVER = "127.0.0.1:1";

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    private final ByteArrayOutputStream err = console.err;
    private final ByteArrayOutputStream out = console.out;

    @Test
    void anUnknownEnvironmentIsBadInputAndNamesTheKnownOnesBeforeContactingTemporal() {
        int exit = RelmanCli.run(
                "deploy", "--env", "production", "--version", "v2", "--plan", PLAN, "--temporal", NO_SERVER);

        assertThat(exit).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString())
                .contains(
                        "environment 'production' is not in ../examples/shop/relman.yml; it has: demo, ci, chaos, remote, cluster."
                                + " Nothing was changed.");
    }

    @Test
    void aMaintenancePageTheEnvironmentDoesNotHaveIsBadInputBeforeContactingTemporal() {
        int exit = RelmanCli.run("maintenance", "on", "--env", "ci", "--plan", PLAN, "--temporal", NO_SERVER);

        assertThat(exit).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString())
                .contains("environment ci has no maintenance page: add maintenance: (page: a file next to the plan,"
                        + " or text:) under it in ")
                .contains("relman.yml. Nothing was changed.");
    }

    @Test
    void aVersionThatCannotBeAnImageTagIsBadInput() {
        int exit = RelmanCli.run(
                "deploy", "--env", "demo", "--version", "v2 final", "--plan", PLAN, "--temporal", NO_SERVER);

        assertThat(exit).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("version 'v2 final' cannot be an image tag");
    }

    @Test
    void aMissingPlanFileIsBadInput() {
        int exit = RelmanCli.run(
                "deploy", "--env", "demo", "--version", "v2", "--plan", "nope.yml", "--temporal", NO_SERVER);

        assertThat(exit).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("nope.yml: no such plan file; pass --plan FILE");
    }

    @Test
    void anUnreachableTemporalServerExitsWithThreeAndSaysHowToStartIt() {
        int exit = RelmanCli.run("deploy", "--env", "demo", "--version", "v2", "--plan", PLAN, "--temporal", NO_SERVER);

        assertThat(exit).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(err.toString())
                .contains("cannot reach Temporal namespace 'default' at 127.0.0.1:1")
                .contains("scripts/setup.sh");
    }

    @Test
    void validatePrintsWhatThePlanDescribes() {
        int exit = RelmanCli.run("validate", "--plan", PLAN);

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("valid. Project shop, environments demo, ci")
                .contains("steps preflight, backup, build, migrate, rollout, validate")
                .contains("app: 3 x relman/shop-app on port 8000, upstream app, health /health, stop-first, migration"
                        + " /app/migrate up");
    }

    @Test
    void helpTeachesTheCommandsAndTheExitCodes() {
        int exit = RelmanCli.run("--help");

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains(
                        "deploy",
                        "migrate",
                        "rollback",
                        "history",
                        "status",
                        "approve",
                        "pause",
                        "resume",
                        "abort",
                        "validate",
                        "Exit codes:",
                        "4  refused");
    }

    @Test
    void aCommandLineThatNamesACommandIsGivenOnlyThatOneAndHelpOrAMistakeAllOfThem() {
        assertThat(RelmanCli.commandsFor("status", "demo", "--watch")).containsExactly(StatusCommand.class);
        assertThat(RelmanCli.commandsFor("backup", "list", "demo")).containsExactly(BackupCommand.class);
        assertThat(RelmanCli.commandsFor("help", "deploy")).hasSize(18);
        assertThat(RelmanCli.commandsFor("--help")).hasSize(18);
        assertThat(RelmanCli.commandsFor("stauts", "demo")).hasSize(18);
    }

    @Test
    void aMistypedCommandIsBadInputWithTheNearestNamesSuggested() {
        int exit = RelmanCli.run("stauts", "demo");

        assertThat(exit).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("Did you mean", "status");
    }

    @Test
    void deployAndMigrateHelpTheirOwnWayThoughTheirVersionIsRequired() {
        for (String command : List.of("deploy", "migrate")) {
            assertThat(RelmanCli.run(command, "--help")).as(command).isZero();
        }

        assertThat(out.toString()).contains("Usage: relman deploy", "Usage: relman migrate", "--version=VERSION");
        assertThat(err.toString()).doesNotContain("Missing required options");
    }

    @Test
    void aDryRunPrintsTheStepsAndNeedsNoServer() {
        int exit = RelmanCli.run(
                "deploy", "--env", "demo", "--version", "v2", "--plan", PLAN, "--dry-run", "--temporal", NO_SERVER);

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains(
                        "Dry run: deploy shop v2 to demo",
                        "Nothing is changed.",
                        "replace shop-demo-app-3",
                        "made like the first of shop-demo-app-1",
                        "if none runs (a first deploy)",
                        "Containers it would touch:",
                        "shop-demo-lb (rewrites");
    }

    @Test
    void abortWithoutAServerExitsWithThreeAndChangesNothing() {
        int exit = RelmanCli.run("abort", "demo", "--plan", "../examples/shop/relman.yml", "--temporal", NO_SERVER);

        assertThat(exit).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(err.toString()).contains("cannot reach Temporal namespace 'default' at 127.0.0.1:1");
    }

    @Test
    void aSignalToAnEnvironmentThePlanDoesNotHaveIsBadInput() {
        int exit = RelmanCli.run("pause", "staging", "--plan", "../examples/shop/relman.yml", "--temporal", NO_SERVER);

        assertThat(exit).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString())
                .contains(
                        "environment 'staging' is not in ../examples/shop/relman.yml; it has: demo, ci, chaos, remote, cluster. Name one of"
                                + " them, or the release's workflow id.");
    }
}
