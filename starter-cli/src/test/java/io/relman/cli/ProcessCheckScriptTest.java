package io.relman.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/processes.sh, which the scripts ask whether a worker, the dev server or the resident CLI still
 * runs: a zombie (dead, not reaped, as a SIGKILLed worker stays where PID 1 reaps nothing) is not running,
 * although kill -0 says it is.
 */
@Timeout(20)
class ProcessCheckScriptTest {
    @TempDir
    Path state;

    @Test
    void aZombieIsNotAliveAlthoughKillZeroAnswersForIt() throws Exception {
        // The child waits until its parent bash has become "sleep 30" (exec), which never reaps, then dies: had it
        // died before the exec, bash would have reaped it (a CI run saw no zombie that way). The parent lives
        // until the end of the test (killed there) however long the scans of /proc take on a busy machine.
        String printed = bash("bash -c '(while [ \"$(cat /proc/$$/comm)\" = bash ]; do sleep 0.01; done) &"
                + " exec sleep 30' & parent=$!\n"
                + "for _ in $(seq 100); do\n"
                + "  for stat in /proc/[0-9]*/stat; do\n" // the parent's child, from /proc: no procps needed
                + "    { line=$(<\"$stat\"); } 2>/dev/null || continue; rest=${line##*) }; set -- $rest\n"
                + "    [ \"$2\" = \"$parent\" ] && [ \"$1\" = Z ] && zombie=${stat//[^0-9]/}\n"
                + "  done\n"
                + "  [ -n \"${zombie:-}\" ] && break; sleep 0.1\n"
                + "done\n"
                + "echo \"$zombie\" > zombie.pid\n"
                + "kill -0 \"$zombie\" && echo kill0=yes\n"
                + "pid_alive \"$zombie\" && echo zombie=alive || echo zombie=not-alive\n"
                + "pid_file_alive zombie.pid && echo file=alive || echo file=not-alive\n"
                + "pid_alive \"$parent\" && echo parent=alive\n"
                + "kill \"$parent\"");

        assertThat(printed.lines()).containsExactly("kill0=yes", "zombie=not-alive", "file=not-alive", "parent=alive");
    }

    @Test
    void aMissingFileAGonePidAndNoNumberAreNotAlive() throws Exception {
        Files.writeString(state.resolve("gone.pid"), "999999999\n");
        Files.writeString(state.resolve("word.pid"), "worker\n");

        String printed = bash("for file in none.pid gone.pid word.pid; do pid_file_alive \"$file\" && echo \"$file\""
                + " alive || echo \"$file not\"; done; pid_alive $$ && echo self alive");

        assertThat(printed.lines()).containsExactly("none.pid not", "gone.pid not", "word.pid not", "self alive");
    }

    private String bash(String commands) throws IOException, InterruptedException {
        return ScriptRunner.run("processes.sh", state, commands);
    }
}
