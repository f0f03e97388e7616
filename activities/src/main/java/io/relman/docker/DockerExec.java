package io.relman.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code docker exec} with an argv list (never a shell string), its output and exit code. */
public final class DockerExec {
    private static final Duration TICK = Duration.ofSeconds(1);

    private final DockerClient docker;

    public DockerExec(DockerClient docker) {
        this.docker = docker;
    }

    public record Result(int exitCode, String stdout, String stderr) {
        public boolean succeeded() {
            return exitCode == 0;
        }

        /** stderr if there is any, else stdout: what a person wants to read when it failed. */
        public String message() {
            return (stderr.isBlank() ? stdout : stderr).strip();
        }
    }

    public Result run(String container, List<String> argv, Duration timeout) {
        return run(container, argv, Map.of(), timeout);
    }

    /** Runs {@code argv} with extra environment variables (secrets stay out of the argv and the logs). */
    public Result run(String container, List<String> argv, Map<String, String> env, Duration timeout) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Result streamed = stream(container, argv, env, out, timeout, () -> {});
        return new Result(streamed.exitCode(), out.toString(StandardCharsets.UTF_8), streamed.stderr());
    }

    /**
     * Runs {@code argv}, writing its stdout (binary-safe) to {@code stdout} as it comes, and calling
     * {@code everySecond} while it runs (an activity's heartbeat). The result's stdout is empty.
     */
    public Result stream(
            String container,
            List<String> argv,
            Map<String, String> env,
            OutputStream stdout,
            Duration timeout,
            Runnable everySecond) {
        String execId = docker.execCreateCmd(container)
                .withCmd(argv.toArray(String[]::new))
                .withEnv(env.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .toList())
                .withAttachStdout(true)
                .withAttachStderr(true)
                .exec()
                .getId();
        StringBuilder err = new StringBuilder();
        String what = "`" + String.join(" ", argv) + "` in " + container;
        long deadline = System.nanoTime() + timeout.toNanos();
        try (ResultCallback.Adapter<Frame> callback = docker.execStartCmd(execId)
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Frame frame) {
                        if (frame.getStreamType() == StreamType.STDERR) {
                            err.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        } else {
                            try {
                                stdout.write(frame.getPayload());
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }
                    }
                })) {
            while (!callback.awaitCompletion(TICK.toMillis(), TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(what + " did not finish within " + timeout);
                }
                everySecond.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + what, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Long exitCode = docker.inspectExecCmd(execId).exec().getExitCodeLong();
        return new Result(exitCode == null ? -1 : exitCode.intValue(), "", err.toString());
    }
}
