package io.relman.cli.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.plan.Hook;
import io.relman.plan.HookPhase;
import io.relman.plan.Plan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The plan docs/plan.md shows, key by key, is one relman accepts: the documentation cannot drift from it. */
@Timeout(10)
class ReadmePlanTest {
    @TempDir
    Path dir;

    @Test
    void theReadmesPlanIsAValidPlan() throws IOException {
        String readme = Files.readString(Path.of("../docs/plan.md"));
        int section = readme.indexOf("# Writing a plan");
        int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        String yaml = readme.substring(start, readme.indexOf("```", start));
        Files.createDirectories(dir.resolve("app"));
        Files.writeString(dir.resolve("app/Dockerfile"), "FROM scratch\n");
        // The files the plan names next to itself: the build's Dockerfile, the maintenance page.
        Files.writeString(dir.resolve("maintenance.html"), "<p>Back in a minute</p>\n");

        Plan plan = PlanLoader.load(Files.writeString(dir.resolve("relman.yml"), yaml));

        assertThat(plan.environment("demo").orElseThrow().database().maxBackupAge())
                .hasHours(26);
        assertThat(plan.service("app").orElseThrow().validate()).containsExactly("/items", "/version");
        assertThat(plan.service("app").orElseThrow().hooks().at(HookPhase.AFTER_ROLLOUT))
                .extracting(Hook::in)
                .containsExactly(1);
    }
}
