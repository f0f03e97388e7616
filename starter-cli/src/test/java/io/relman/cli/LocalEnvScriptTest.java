package io.relman.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/local-env.sh, the functions scripts/setup.sh decides with: what the worker starts with (relman's
 * settings, then the user's .relman/local.env, its allow-lists added to relman's) and whether a running
 * worker must restart. Run in bash on files in a temporary directory; no worker is started.
 */
@Timeout(20)
class LocalEnvScriptTest {
    private static final Path SCRIPT = ScriptRunner.checkout().resolve("scripts/local-env.sh");

    @TempDir
    Path state;

    Path localEnv;

    @BeforeEach
    void relmansOwnSettings() throws IOException {
        Files.writeString(state.resolve("secrets.env"), "SHOP_DB_PASSWORD=abc123\nRELMAN_DB_PASSWORD=r3l\n");
        Files.writeString(
                state.resolve("worker.env"),
                "RELMAN_SECRETS_ALLOWED=SHOP_DB_PASSWORD,LEDGER_DB_PASSWORD\n"
                        + "RELMAN_PATHS_ALLOWED=/opt/relman/examples,/opt/relman/.relman/backups\n"
                        + "RELMAN_CODEC_KEYS_FILE=/opt/relman/.relman/codec.keys\n");
        localEnv = state.resolve("my-local.env");
    }

    @Test
    void theUsersAllowListEntriesAreAddedToRelmansAndItsValuesAreTakenLiterally() throws Exception {
        writeLocalEnv("""
                # the wiki's stack
                WIKI_DB_PASSWORD=p4ss word$HOME"x #not a comment

                RELMAN_SECRETS_ALLOWED=WIKI_DB_PASSWORD
                RELMAN_PATHS_ALLOWED=/var/lib/relman/backups/wiki-prod
                """, "rw-------");

        Run run = bash("worker_environment");

        assertThat(run.stderr()).isEmpty();
        assertThat(run.exit()).isZero();
        assertThat(run.stdout().lines())
                .containsExactly(
                        "SHOP_DB_PASSWORD=abc123",
                        "RELMAN_DB_PASSWORD=r3l",
                        "RELMAN_SECRETS_ALLOWED=SHOP_DB_PASSWORD,LEDGER_DB_PASSWORD,WIKI_DB_PASSWORD",
                        "RELMAN_PATHS_ALLOWED=/opt/relman/examples,/opt/relman/.relman/backups,"
                                + "/var/lib/relman/backups/wiki-prod",
                        "RELMAN_CODEC_KEYS_FILE=/opt/relman/.relman/codec.keys",
                        "WIKI_DB_PASSWORD=p4ss word$HOME\"x #not a comment");
    }

    @Test
    void withoutALocalEnvTheWorkerStartsWithRelmansSettingsAlone() throws Exception {
        Run run = bash("worker_environment");

        assertThat(run.exit()).isZero();
        assertThat(run.stdout().lines())
                .containsExactly(
                        "SHOP_DB_PASSWORD=abc123",
                        "RELMAN_DB_PASSWORD=r3l",
                        "RELMAN_SECRETS_ALLOWED=SHOP_DB_PASSWORD,LEDGER_DB_PASSWORD",
                        "RELMAN_PATHS_ALLOWED=/opt/relman/examples,/opt/relman/.relman/backups",
                        "RELMAN_CODEC_KEYS_FILE=/opt/relman/.relman/codec.keys");
    }

    @Test
    void aLocalEnvOthersMayReadIsRefusedWithTheFix() throws Exception {
        writeLocalEnv("WIKI_DB_PASSWORD=secret\n", "rw-r--r--");

        Run run = bash("worker_environment");

        assertThat(run.exit()).isNotZero();
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr())
                .isEqualTo("my-local.env: others than its owner may read or change it (mode 644), and it holds"
                        + " secrets. Fix: chmod 600 my-local.env\n");
    }

    @Test
    void aMalformedLineIsRefusedNamingItsFileAndLine() throws Exception {
        writeLocalEnv("# mine\nWIKI_DB_PASSWORD=secret\nexport WIKI_URL = postgres://wiki@db/wiki\n", "rw-------");

        Run run = bash("worker_environment");

        assertThat(run.exit()).isNotZero();
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr())
                .isEqualTo("my-local.env:3: not a NAME=value line (a letter or _ first, then letters, digits, _;"
                        + " no spaces around =)\n");
    }

    @Test
    void aNameSetTwiceIsRefusedNamingBothLines() throws Exception {
        writeLocalEnv("WIKI_DB_PASSWORD=one\n\nWIKI_DB_PASSWORD=two\n", "rw-------");

        Run run = bash("worker_environment");

        assertThat(run.exit()).isNotZero();
        assertThat(run.stderr())
                .isEqualTo("my-local.env:3: WIKI_DB_PASSWORD is set again (first at line 1): keep one\n");
    }

    @Test
    void aWorkerStartedWithTheSameSettingsIsNotRestartedAndOneWithOthersIs() throws Exception {
        writeLocalEnv("WIKI_DB_PASSWORD=one\nRELMAN_SECRETS_ALLOWED=WIKI_DB_PASSWORD\n", "rw-------");
        String decide = "if worker_settings_changed; then echo restart; else echo keep; fi";

        Run started = bash("record_worker_environment && " + decide);
        Run unchanged = bash(decide);
        writeLocalEnv("WIKI_DB_PASSWORD=two\nRELMAN_SECRETS_ALLOWED=WIKI_DB_PASSWORD\n", "rw-------");
        Run changed = bash(decide);

        assertThat(started.stdout()).isEqualTo("keep\n");
        assertThat(unchanged.stdout()).isEqualTo("keep\n");
        assertThat(changed.stdout()).isEqualTo("restart\n");
        assertThat(Files.readString(state.resolve("worker.started-with.sha256")))
                .as("a hash, not the secrets")
                .doesNotContain("one")
                .matches("[0-9a-f]{64}\n");
    }

    @Test
    void aWorkerStartedBeforeTheRecordIsRestartedOnlyForALocalEnv() throws Exception {
        String decide = "if worker_settings_changed; then echo restart; else echo keep; fi";

        Run relmansAlone = bash(decide);
        Files.delete(state.resolve("worker.started-with.sha256"));
        writeLocalEnv("WIKI_DB_PASSWORD=one\n", "rw-------");
        Run withLocalEnv = bash(decide);

        assertThat(relmansAlone.stdout()).isEqualTo("keep\n");
        assertThat(withLocalEnv.stdout()).isEqualTo("restart\n");
    }

    private void writeLocalEnv(String text, String permissions) throws IOException {
        Files.writeString(localEnv, text);
        Files.setPosixFilePermissions(localEnv, PosixFilePermissions.fromString(permissions));
    }

    private record Run(int exit, String stdout, String stderr) {}

    private Run bash(String commands) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(
                        "bash",
                        "-c",
                        "set -euo pipefail; STATE=\"$1\"; source \"$2\"; " + commands,
                        "test",
                        state.toString(),
                        SCRIPT.toString())
                .directory(state.toFile());
        builder.environment().put("RELMAN_LOCAL_ENV", localEnv.toString());
        Process process = builder.start();
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), stdout, stderr);
    }
}
