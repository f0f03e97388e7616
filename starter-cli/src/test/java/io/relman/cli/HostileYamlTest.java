package io.relman.cli;

import static java.util.Collections.nCopies;
import static org.assertj.core.api.Assertions.assertThat;

import io.relman.cli.common.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * YAML that would recurse without end or expand past any size: each is a plan error naming the file
 * and the line (exit 2, as any bad plan), never a StackOverflowError or a stack trace.
 */
@Timeout(20)
class HostileYamlTest {
    private static final String SERVICES = "services:\n  app: {image: relman/shop-app}\n";

    @TempDir
    Path dir;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    private final ByteArrayOutputStream err = console.err;
    private final ByteArrayOutputStream out = console.out;

    @Test
    void aRecursiveAliasIsAPlanErrorAtItsLine() throws IOException {
        assertRefused(
                "project: shop\nenvironments: &e {demo: *e}\n" + SERVICES,
                "environments/demo: the alias *e is inside &e, the value it names, so that value would never end;"
                        + " give the value here instead (relman.yml:2)");
    }

    @Test
    void aRecursiveAliasInABlockListIsAPlanErrorAtItsAnchorsLine() throws IOException {
        assertRefused(
                "project: shop\nenvironments:\n  demo:\n    steps: &s\n      - preflight\n      - *s\n" + SERVICES,
                "environments/demo/steps: the alias *s is inside &s, the value it names, so that value would never"
                        + " end; give the value here instead (relman.yml:4)");
    }

    /** Ten levels, each a list of nine aliases of the one before: 9^9 values once expanded. */
    @Test
    void aBillionLaughsPlanIsAPlanErrorAtTheAliasPastTheLimit() throws IOException {
        StringBuilder plan =
                new StringBuilder("project: shop\nlol0: &l0 [" + String.join(", ", nCopies(9, "lol")) + "]\n");
        for (int level = 1; level <= 9; level++) {
            plan.append(
                    "lol" + level + ": &l" + level + " [" + String.join(", ", nCopies(9, "*l" + (level - 1))) + "]\n");
        }
        // Aliases 1 to 9 are on lol1 (line 3), 46 to 54 on lol6 (line 8): the 51st names l5.
        assertRefused(
                plan + SERVICES,
                "not valid YAML: *l5 is alias 51 of a list or mapping; a plan may reuse them 50 times, which bounds"
                        + " how far aliases can expand it (a billion laughs); write the repeated settings out"
                        + " (relman.yml:8)");
    }

    /**
     * Within the limit, 48 aliases of 16 levels of three still name 3^16 (43 million) values: an alias is
     * the value it names, shared, so reading the plan does not expand them (expanded, it took minutes).
     */
    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aliasesWithinTheLimitAreSharedNotExpanded() throws IOException {
        StringBuilder plan = new StringBuilder("project: shop\nenvironments:\n  demo:\n    env:\n      L0: &l0 [x]\n");
        for (int level = 1; level <= 16; level++) {
            String previous = "*l" + (level - 1);
            plan.append(
                    "      L" + level + ": &l" + level + " [" + previous + ", " + previous + ", " + previous + "]\n");
        }
        Path file = Files.writeString(dir.resolve("relman.yml"), plan + SERVICES);

        int exit = RelmanCli.run("validate", "--plan", file.toString());

        assertThat(exit).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString())
                .contains("environments/demo/env/L16: must be a single value; quote it if it looks like a list or"
                        + " mapping (relman.yml:21)")
                .doesNotContain("\tat ");
    }

    @Test
    void aDeeplyNestedPlanIsAPlanErrorAtTheLevelPastTheLimit() throws IOException {
        StringBuilder plan = new StringBuilder("project: shop\nservices:\n  app:\n    env:\n");
        String indent = "      ";
        for (int level = 0; level < 60; level++) {
            plan.append(indent).append("k").append(level).append(":\n");
            indent += "  ";
        }
        plan.append(indent).append("v: 1\n");
        // The plan's root is level 1, env's mapping (k0, line 5) level 4: the mapping of k47 is level 51.
        assertRefused(
                plan.toString(),
                "not valid YAML: nested more than 50 levels deep; a plan needs fewer than 10 (relman.yml:52)");
    }

    @Test
    void tenThousandOpenBracketsAreAPlanErrorNotAStackOverflow() throws IOException {
        assertRefused(
                "project: shop\nenvironments: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n" + SERVICES,
                "not valid YAML: nested more than 50 levels deep; a plan needs fewer than 10 (relman.yml:2)");
    }

    private void assertRefused(String plan, String problem) throws IOException {
        Path file = Files.writeString(dir.resolve("relman.yml"), plan);

        int exit = RelmanCli.run("validate", "--plan", file.toString());

        assertThat(exit).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString())
                .isEqualTo("relman: the plan " + file + " cannot be used; nothing was changed:\n  " + problem + "\n");
    }
}
