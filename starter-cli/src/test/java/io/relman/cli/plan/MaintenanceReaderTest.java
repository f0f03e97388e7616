package io.relman.cli.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relman.plan.Environment;
import io.relman.plan.Maintenance;
import io.relman.plan.Plan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An environment's maintenance page: read from a file next to the plan or a text, and each problem at its path. */
@Timeout(10)
class MaintenanceReaderTest {
    @TempDir
    Path dir;

    @BeforeEach
    void buildContext() throws IOException {
        PlanLoaderTest.buildContext(dir);
    }

    private Maintenance read(String maintenance) throws IOException {
        return PlanLoader.load(write(maintenance))
                .environment("demo")
                .orElseThrow()
                .maintenance();
    }

    private Path write(String maintenance) throws IOException {
        return Files.writeString(
                dir.resolve("relman.yml"),
                PlanLoaderTest.VALID.replace("    network: shop-demo\n", "    network: shop-demo\n" + maintenance));
    }

    private void refused(String maintenance, String... expected) {
        assertThatThrownBy(() -> PlanLoader.load(write(maintenance))).isInstanceOfSatisfying(PlanException.class, e -> {
            for (String part : expected) {
                assertThat(e.problems()).anyMatch(problem -> problem.contains(part));
            }
        });
    }

    @Test
    void aTextBecomesAPageThatCoversTheMigrationByDefault() throws IOException {
        Maintenance page = read("    maintenance:\n      text: \"Back <soon> & well\"\n");

        assertThat(page.page()).contains("<p>Back &lt;soon&gt; &amp; well</p>");
        assertThat(page.steps()).containsExactly("migrate");
        assertThat(page.retryAfter()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aPageFileNextToThePlanIsReadIntoThePlan() throws IOException {
        Files.writeString(dir.resolve("down.html"), "<h1>Down for a moment</h1>\n");

        Maintenance page = read("    maintenance:\n      page: down.html\n      during: [backup, migrate]\n"
                + "      retry_after: 2m\n");

        assertThat(page.page()).isEqualTo("<h1>Down for a moment</h1>\n");
        assertThat(page.during()).isEqualTo(List.of("backup", "migrate"));
        assertThat(page.retryAfter()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aMissingFileBothFormsAStepThatRoutesAndAZeroRetryAfterAreRefusedAtTheirPaths() {
        refused("    maintenance:\n      page: nowhere.html\n", "environments/demo/maintenance/page", "there is no");
        refused(
                "    maintenance:\n      text: a\n      page: b.html\n",
                "environments/demo/maintenance/text",
                "either page (a file) or text");
        refused(
                "    maintenance:\n      text: a\n      during: [rollout]\n",
                "environments/demo/maintenance/during",
                "'rollout' cannot be covered");
        refused(
                "    maintenance:\n      text: a\n      retry_after: 0s\n",
                "environments/demo/maintenance/retry_after");
        refused("    maintenance:\n      during: [migrate]\n", "environments/demo/maintenance", "needs its page");
        refused(
                "    maintenance:\n      text: a\n      during: [backup, migrate]\n    approval:\n      before: migrate\n",
                "environments/demo/maintenance/during",
                "the approval before 'migrate' would keep the page up while it waits");
        refused(
                "    maintenance:\n      page: /proc/self/environ\n",
                "environments/demo/maintenance/page",
                "is not a file in the plan's directory");
    }

    /** The plan with {@code environment} under the demo environment and {@code service} under the app service. */
    private Path write(String environment, String service) throws IOException {
        return Files.writeString(
                dir.resolve("relman.yml"),
                PlanLoaderTest.VALID
                        .replace("    network: shop-demo\n", "    network: shop-demo\n" + environment)
                        .replace("    port: 8000\n", "    port: 8000\n" + service));
    }

    @Test
    void aServiceChangesTheEnvironmentsPageKeyByKeyOrKeepsOffIt() throws IOException {
        Environment demo = PlanLoader.load(write(
                        "    maintenance:\n      text: back soon\n      retry_after: 30s\n",
                        "    maintenance:\n      text: '{\"down\": true}'\n      during: [build]\n"))
                .environment("demo")
                .orElseThrow();
        Plan plan = PlanLoader.load(dir.resolve("relman.yml"));

        Maintenance app = demo.maintenanceOf(plan.service("app").orElseThrow());
        assertThat(app.page()).contains("<p>{\"down\": true}</p>");
        assertThat(app.during()).containsExactly("build");
        assertThat(app.retryAfter()).isEqualTo(Duration.ofSeconds(30));

        Plan off = PlanLoader.load(
                write("    maintenance:\n      text: back soon\n", "    maintenance:\n      during: []\n"));
        assertThat(off.environment("demo")
                        .orElseThrow()
                        .maintenanceOf(off.service("app").orElseThrow()))
                .isNull();
    }

    @Test
    void aServicesPageIsCheckedInEachEnvironment() throws IOException {
        // No page of its own, and none in the environment to take.
        Path plan = write("", "    maintenance:\n      during: [migrate]\n");
        assertThatThrownBy(() -> PlanLoader.load(plan))
                .isInstanceOfSatisfying(
                        PlanException.class,
                        e -> assertThat(e.problems())
                                .anyMatch(problem -> problem.contains("services/app/maintenance")
                                        && problem.contains("needs its page in demo")));
    }
}
