package io.relman.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The script tests' bash: one of the checkout's scripts/ sourced, then the test's commands. */
final class ScriptRunner {
    private ScriptRunner() {}

    /** What bash printed, output and errors together, having sourced scripts/SCRIPT and run the commands in dir. */
    static String run(String script, Path dir, String commands) throws IOException, InterruptedException {
        Path path = checkout().resolve("scripts").resolve(script);
        Process bash = new ProcessBuilder("bash", "-c", "source \"$1\"\n" + commands, "test", path.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        assertThat(bash.waitFor(15, TimeUnit.SECONDS)).isTrue();
        return new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The checkout this test runs in: Maven runs it in the module's directory. */
    static Path checkout() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("scripts/local-env.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no scripts/local-env.sh above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
