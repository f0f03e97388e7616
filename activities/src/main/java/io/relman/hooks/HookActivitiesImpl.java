package io.relman.hooks;

import io.relman.docker.DockerEngines;
import io.relman.docker.DockerExec;
import io.relman.temporal.FailureType;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The plan's hooks that run in a replica, with {@code docker exec} on the replica's engine. */
public class HookActivitiesImpl implements HookActivities {
    private static final Logger log = LoggerFactory.getLogger(HookActivitiesImpl.class);
    static final int OUTPUT_LINES = 20;

    private final DockerEngines engines;

    public HookActivitiesImpl(DockerEngines engines) {
        this.engines = engines;
    }

    @Override
    public HookOutcome execIn(ReplicaHookRequest request) {
        ActivityExecutionContext activity = Activity.getExecutionContext();
        DockerExec exec = engines.on(request.host()).exec();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String what = request.hook() + " `" + String.join(" ", request.command()) + "` in " + request.container();
        long started = System.currentTimeMillis();
        DockerExec.Result result;
        try {
            result = exec.stream(
                    request.container(),
                    request.command(),
                    Map.of(),
                    out,
                    request.deadline(),
                    () -> activity.heartbeat(request.container()));
        } catch (IllegalStateException notRun) {
            // Not running, or past its deadline: no retry of the activity helps; the plan's retries may.
            throw FailureType.HOOK_FAILED.failure(what + " failed: " + notRun.getMessage());
        }
        long elapsed = System.currentTimeMillis() - started;
        String output = tail(out.toString(StandardCharsets.UTF_8), result.stderr());
        if (!result.succeeded()) {
            throw FailureType.HOOK_FAILED.failure(
                    what + " exited with " + result.exitCode() + ". Its last lines:\n" + output);
        }
        log.info("{} ran in {} ms", what, elapsed);
        return new HookOutcome(result.exitCode(), output, elapsed);
    }

    /** The last lines of each stream, stderr last (where a failure says why), as the migration's are. */
    static String tail(String stdout, String stderr) {
        String out = lastLines(stdout);
        String err = lastLines(stderr);
        return out.isEmpty() ? err : err.isEmpty() ? out : out + "\n" + err;
    }

    private static String lastLines(String text) {
        var lines = text.strip().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - OUTPUT_LINES), lines.size()));
    }
}
