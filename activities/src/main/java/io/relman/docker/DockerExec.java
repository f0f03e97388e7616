package io.relman.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code docker exec} with an argv list (never a shell string), its output and exit code. */
public final class DockerExec {
    private static final Duration TICK = Duration.ofSeconds(1);

    private final DockerClient docker;
    private final DockerClient streams;

    /**
     * {@code streams}: the same engine without a read limit, for the output: pg_dump -Fd or a migration
     * may print nothing for longer than any idle limit; {@link #stream}'s own timeout bounds the command.
     */
    public DockerExec(DockerClient docker, DockerClient streams) {
        this.docker = docker;
        this.streams = streams;
    }

    /** The engine this runs on, for what exec cannot do (copying files in and out). */
    public DockerClient docker() {
        return docker;
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
        return stream(container, argv, env, null, stdout, timeout, everySecond);
    }

    /** The same, with {@code stdin} (when not null) streamed to the command's standard input. */
    public Result stream(
            String container,
            List<String> argv,
            Map<String, String> env,
            InputStream stdin,
            OutputStream stdout,
            Duration timeout,
            Runnable everySecond) {
        String execId = create(container, argv, env, stdin != null);
        StringBuilder err = new StringBuilder();
        String what = "`" + String.join(" ", argv) + "` in " + container;
        long deadline = System.nanoTime() + timeout.toNanos();
        HeldOpen input = stdin == null ? null : new HeldOpen(stdin);
        // Resources close in reverse: the input ends while the connection is still open, then the output.
        try (Attached callback = start(execId, input, stdout, err);
                input) {
            while (!callback.ended(TICK)) {
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
        return new Result(exitCode(execId), "", err.toString());
    }

    /**
     * Starts {@code argv} with its standard input open, for a conversation: a psql session that holds
     * a transaction (and its exported snapshot) while another command runs. Close it to end the input.
     */
    public Session open(String container, List<String> argv, Map<String, String> env) {
        return new Session(container, argv, env);
    }

    /** A running command with open standard input; its stdout is read line by line. */
    public final class Session implements AutoCloseable {
        private final String execId;
        private final String what;
        private final PipedOutputStream input = new PipedOutputStream();
        private final HeldOpen stdin;
        private final LineBuffer output = new LineBuffer();
        private final StringBuilder err = new StringBuilder();
        private final Attached callback;

        private Session(String container, List<String> argv, Map<String, String> env) {
            this.what = "`" + argv.get(0) + "` in " + container;
            this.execId = create(container, argv, env, true);
            try {
                this.stdin = new HeldOpen(new PipedInputStream(input, 1 << 16));
                this.callback = start(execId, stdin, output, err);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public void send(String text) {
            try {
                input.write(text.getBytes(StandardCharsets.UTF_8));
                input.flush();
            } catch (IOException e) {
                throw new IllegalStateException(
                        what + " stopped reading its input: " + err.toString().strip(), e);
            }
        }

        /** The next line the command prints; fails when it ends (with its stderr) or {@code timeout} passes. */
        public String readLine(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                while (true) {
                    String line = output.poll(TICK);
                    if (line != null) {
                        return line;
                    }
                    if (callback.ended(Duration.ZERO)) {
                        line = output.poll(Duration.ZERO);
                        if (line != null) {
                            return line;
                        }
                        throw new IllegalStateException(what + " exited with " + exitCode(execId) + ": "
                                + err.toString().strip());
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(what + " printed nothing within " + timeout);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while talking to " + what, e);
            }
        }

        /** Waits for the command, told to end, to exit; its exit code and stderr. */
        public Result finish(Duration timeout) {
            try {
                if (!callback.ended(timeout)) {
                    throw new IllegalStateException(what + " did not exit within " + timeout);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
            return new Result(exitCode(execId), "", err.toString());
        }

        /** Ends the input and stops listening; a command still running ends when its input does. */
        @Override
        public void close() {
            try {
                input.close();
                stdin.close();
                callback.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private String create(String container, List<String> argv, Map<String, String> env, boolean withStdin) {
        try {
            return docker.execCreateCmd(container)
                    .withCmd(argv.toArray(String[]::new))
                    .withEnv(env.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .toList())
                    .withAttachStdin(withStdin)
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .exec()
                    .getId();
        } catch (ConflictException notRunning) {
            // Retried, as the container may come back. Without Docker's exception as its cause: a release's
            // report shows the deepest cause, and Docker's words name the container by its id only.
            throw new IllegalStateException("cannot run `" + argv.get(0) + "` in " + container
                    + ": the container is not running (docker start " + container
                    + ", or see why it stopped: docker logs " + container + ")");
        }
    }

    private Attached start(String execId, InputStream stdin, OutputStream stdout, StringBuilder err) {
        return streams.execStartCmd(execId).withStdIn(stdin).exec(new Attached(stdout, err));
    }

    /**
     * The exec's output as it comes, and whether it ended. Not ResultCallback's awaitCompletion with a
     * timeout: that closes the stream when the time is up, cutting off a command that runs longer.
     */
    private static final class Attached extends ResultCallback.Adapter<Frame> {
        private final OutputStream stdout;
        private final StringBuilder err;
        private final CountDownLatch ended = new CountDownLatch(1);

        Attached(OutputStream stdout, StringBuilder err) {
            this.stdout = stdout;
            this.err = err;
        }

        @Override
        public void onNext(Frame frame) {
            if (frame.getStreamType() == StreamType.STDERR) {
                synchronized (err) {
                    err.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            } else {
                try {
                    stdout.write(frame.getPayload());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            synchronized (err) {
                err.append("[relman: the connection to the engine failed: ")
                        .append(throwable)
                        .append("]");
            }
            ended.countDown();
            super.onError(throwable);
        }

        @Override
        public void onComplete() {
            ended.countDown();
            super.onComplete();
        }

        boolean ended(Duration wait) throws InterruptedException {
            return ended.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The exit code, which the engine records a moment after the output ends; -1 if it never does. */
    private int exitCode(String execId) {
        for (int attempt = 0; attempt < 50; attempt++) {
            InspectExecResponse exec = docker.inspectExecCmd(execId).exec();
            if (!Boolean.TRUE.equals(exec.isRunning()) && exec.getExitCodeLong() != null) {
                return exec.getExitCodeLong().intValue();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return -1;
    }
}
