package io.relman.cli.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.plan.Hook;
import io.relman.plan.HookPhase;
import io.relman.plan.Hooks;
import io.relman.plan.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A service's hooks: read by phase in the plan's order with their defaults, each problem at its path. */
@Timeout(10)
class HookReaderTest {
    /** PlanLoaderTest's valid plan with hooks after the app's port (line 22): they start at line 23. */
    static final String HOOKS = """
                hooks:
                  before_traffic:
                    warm: {run: [/app/warm], deadline: 20s}
                  after_migrate:
                    clear-cache: {run: [php, artisan, cache:clear], retries: 1}
                  on_undo:
                    clear-cache-again: {run: [php, artisan, cache:clear]}
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void buildContext() throws IOException {
        PlanLoaderTest.buildContext(dir);
    }

    @Test
    void hooksAreReadByPhaseInThePlansOrderWithTheirDefaults() throws IOException {
        Service app = PlanLoader.load(write(HOOKS)).service("app").orElseThrow();

        assertThat(app.hooks())
                .isEqualTo(new Hooks(Map.of(
                        HookPhase.BEFORE_TRAFFIC,
                        List.of(new Hook("warm", List.of("/app/warm"), Duration.ofSeconds(20), 0, null)),
                        HookPhase.AFTER_MIGRATE,
                        List.of(new Hook(
                                "clear-cache",
                                List.of("php", "artisan", "cache:clear"),
                                Duration.ofMinutes(1),
                                1,
                                null)),
                        HookPhase.ON_UNDO,
                        List.of(new Hook(
                                "clear-cache-again",
                                List.of("php", "artisan", "cache:clear"),
                                Duration.ofMinutes(1),
                                0,
                                null)))));
        assertThat(app.hooks().at(HookPhase.AFTER_ROLLOUT)).isEmpty();
    }

    @Test
    void theHooksOfAPhaseKeepThePlansOrder() throws IOException {
        Service app = PlanLoader.load(
                        write("    hooks:\n      after_rollout:\n        zz: {run: [a]}\n        aa: {run: [b]}\n"
                                + "        mm: {run: [c]}\n"))
                .service("app")
                .orElseThrow();

        assertThat(app.hooks().at(HookPhase.AFTER_ROLLOUT))
                .extracting(Hook::name)
                .containsExactly("zz", "aa", "mm");
    }

    @Test
    void anAfterRolloutHookNamesTheReplicaItRunsInByItsNumber() throws IOException {
        Service app = PlanLoader.load(
                        write(
                                "    hooks:\n      after_rollout:\n        check-command: {run: [php, artisan, list], in: 2}\n"))
                .service("app")
                .orElseThrow();

        assertThat(app.hooks().at(HookPhase.AFTER_ROLLOUT))
                .containsExactly(
                        new Hook("check-command", List.of("php", "artisan", "list"), Hook.DEFAULT_DEADLINE, 0, 2));
    }

    @Test
    void aServiceWithoutHooksHasNone() throws IOException {
        assertThat(PlanLoader.load(write("")).service("app").orElseThrow().hooks())
                .isEqualTo(Hooks.NONE);
    }

    static Stream<Arguments> badHooks() {
        String at = "services/app/hooks/before_traffic/warm";
        return Stream.of(
                bad(
                        "warm: {run: [/app/warm], deadline: 20s}",
                        "warm: {command: [/app/warm]}",
                        at + "/command: unknown key; the keys here are deadline, in, retries, run (relman.yml:25)",
                        at + "/run: is missing; add run: its argv as a list, e.g. [php, artisan, config:cache] (argv,"
                                + " no shell) (relman.yml:25)"),
                bad(
                        "warm: {run: [/app/warm], deadline: 20s}",
                        "warm: {deadline: 20s}",
                        at + "/run: is missing; add run: its argv as a list, e.g. [php, artisan, config:cache] (argv,"
                                + " no shell) (relman.yml:25)"),
                bad(
                        "warm: {run: [/app/warm], deadline: 20s}",
                        "warm: {run: /app/warm --all}",
                        at + "/run: must be a non-empty list of words, e.g. [php, artisan, config:cache] (argv, no"
                                + " shell) (relman.yml:25)"),
                bad(
                        "  before_traffic:",
                        "  before_trafic:",
                        "services/app/hooks/before_trafic: unknown key; the keys here are after_migrate, after_rollout,"
                                + " before_traffic, on_undo (relman.yml:24)"),
                bad(
                        "        warm: {run: [/app/warm], deadline: 20s}\n",
                        "",
                        "services/app/hooks/before_traffic: must map names to their settings, with at least one entry"
                                + " (relman.yml:24)"),
                bad(
                        "warm: {run",
                        "Warm Cache: {run",
                        "services/app/hooks/before_traffic/Warm Cache: must be 1 to 40 lowercase letters, digits, _ and"
                                + " - (it becomes part of a container name) (relman.yml:25)"),
                bad(
                        "clear-cache-again: {run",
                        "warm: {run",
                        "services/app/hooks/on_undo/warm: another hook of the service has this name; give each hook its"
                                + " own (relman.yml:29)"),
                bad(
                        "retries: 1",
                        "retries: 9",
                        "services/app/hooks/after_migrate/clear-cache/retries: must be a whole number from 0 to 5"
                                + " (relman.yml:27)"),
                bad(
                        "deadline: 20s",
                        "deadline: 0s",
                        at + "/deadline: must be a positive duration such as 500ms, 10s, 2m or 1h (relman.yml:25)"),
                bad(
                        "deadline: 20s}",
                        "deadline: 20s, in: 1}",
                        at + "/in: only an after_rollout hook runs in a replica; a before_traffic hook already runs in"
                                + " every new replica: remove in (or make it an after_rollout hook) (relman.yml:25)"),
                afterRollout(
                        "in: 0",
                        "services/app/hooks/after_rollout/check-command/in: must be a whole number from 1 to 3, one"
                                + " of app's 3 replica(s) (1 is its first) (relman.yml:29)"),
                afterRollout(
                        "in: 4",
                        "services/app/hooks/after_rollout/check-command/in: must be a whole number from 1 to 3, one"
                                + " of app's 3 replica(s) (1 is its first) (relman.yml:29)"),
                afterRollout(
                        "in: app-1",
                        "services/app/hooks/after_rollout/check-command/in: must be the number of one of the"
                                + " service's replicas, e.g. 1 for its first: a number, not a container name, which"
                                + " differs per environment (relman.yml:29)"));
    }

    /** HOOKS with an after_rollout hook whose last key is {@code in} (at line 29). */
    private static Arguments afterRollout(String in, String... expected) {
        return bad(
                "      on_undo:\n",
                "      after_rollout:\n        check-command: {run: [php, artisan, list], " + in
                        + "}\n      on_undo:\n",
                expected);
    }

    private static Arguments bad(String text, String replacement, String... expected) {
        return PlanLoaderTest.changed(HOOKS, text, replacement, expected);
    }

    @ParameterizedTest
    @MethodSource("badHooks")
    void aBadHookIsRefusedWithItsPathLineAndFix(String hooks, List<String> expected) throws IOException {
        PlanLoaderTest.assertRefused(write(hooks), expected);
    }

    private Path write(String hooks) throws IOException {
        return Files.writeString(dir.resolve("relman.yml"), withHooks(hooks));
    }

    /** PlanLoaderTest's valid plan with {@code hooks} in its app. */
    static String withHooks(String hooks) {
        return PlanLoaderTest.VALID.replace("    port: 8000\n", "    port: 8000\n" + hooks);
    }
}
