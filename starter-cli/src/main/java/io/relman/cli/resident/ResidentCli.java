package io.relman.cli.resident;

import io.relman.cli.RelmanCli;
import io.relman.cli.common.ExitCode;
import io.relman.cli.resident.ResidentWire.Frames;
import io.relman.cli.resident.ResidentWire.Request;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * A JVM kept warm to run bin/relman's commands: a new JVM spends most of a second loading classes,
 * building picocli's model and setting up gRPC before a status asks Temporal anything. bin/relman sends
 * its command line through a Unix socket ({@code bin/resident.py}; {@link ResidentWire} says the format);
 * the command runs here as it would in a JVM of its own, its output goes back as it is printed, and its
 * exit code last.
 *
 * <p>It runs a command only where the result is the same: the caller's working directory and RELMAN_*
 * environment are this JVM's, the CLI's jar is the one it started from, the command never asks the
 * terminal (restore's confirmation, which --yes skips), and no other command is running here. Anything else is declined
 * before it starts, and bin/relman then starts a JVM as before. Only its own user reaches it and is
 * served ({@link ResidentSocket}); a caller that sends no command within a few seconds is dropped.
 *
 * <p>A rebuilt jar (noticed on a request, after a command, and every second) unlinks the socket, so that
 * scripts/setup.sh can start the new one, and stops this JVM once no command runs here: a command running
 * when the jar changed ends as it would have, with its own exit code.
 */
public final class ResidentCli {
    static final String PROTOCOL = "relman-resident-1";

    private final Path jar;
    private final long jarModified;
    private final String workingDirectory = System.getProperty("user.dir");
    private final Map<String, String> relmanEnvironment = relmanVariables(System.getenv());
    /** System.out and System.err are the process's: one command at a time has them. Held for good once stopping. */
    private final ReentrantLock running = new ReentrantLock();

    private final PrintStream log = System.out;
    private final Path socket;
    private final Runnable stop;
    private final Duration requestDeadline;
    private final Duration jarCheck;
    private final ToIntFunction<String[]> commands;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "relman-resident-timer");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean unlinked = new AtomicBoolean();
    private volatile boolean rebuilt;
    private volatile boolean stopping;

    /** Serves {@code socket} while {@code jar} is unchanged; then declines, and runs {@code stop} when idle. */
    ResidentCli(Path socket, Path jar, Runnable stop) throws IOException {
        this(socket, jar, stop, Duration.ofSeconds(5), Duration.ofSeconds(1), RelmanCli::run);
    }

    /** With a deadline for a caller's command line, how often the jar is checked, and what runs a command. */
    ResidentCli(
            Path socket,
            Path jar,
            Runnable stop,
            Duration requestDeadline,
            Duration jarCheck,
            ToIntFunction<String[]> commands)
            throws IOException {
        this.socket = socket;
        this.jar = jar;
        this.stop = stop;
        this.requestDeadline = requestDeadline;
        this.jarCheck = jarCheck;
        this.commands = commands;
        this.jarModified = Files.getLastModifiedTime(jar).toMillis();
    }

    /** {@code ResidentCli SOCKET [warm-up command lines, as ArchiveTraining takes them]}. */
    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[0]);
        Path jar = Path.of(ResidentCli.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        ResidentCli resident = new ResidentCli(socket, jar, () -> System.exit(0));
        ArchiveTraining.run(Arrays.copyOfRange(args, 1, args.length));
        try {
            resident.serve();
        } catch (ResidentSocket.Refused refused) {
            System.err.println(refused.getMessage());
            System.exit(ExitCode.FAILED);
        }
    }

    void serve() throws IOException {
        UserPrincipal owner = ResidentSocket.processOwner();
        try (ServerSocketChannel server = ResidentSocket.bind(socket, owner)) {
            // Stopped (scripts/stop.sh): bin/relman finds no socket and starts a JVM of its own at once.
            Runtime.getRuntime().addShutdownHook(new Thread(this::unlink));
            long every = jarCheck.toMillis();
            timer.scheduleWithFixedDelay(this::checkJar, every, every, TimeUnit.MILLISECONDS);
            log.println("relman's resident CLI serves " + socket + " from " + workingDirectory);
            while (true) {
                SocketChannel caller = server.accept();
                if (refused(caller, owner)) {
                    caller.close();
                    continue;
                }
                Thread command = new Thread(
                        () -> {
                            answer(caller);
                            checkJar();
                        },
                        "relman-command");
                command.start();
            }
        }
    }

    private boolean refused(SocketChannel caller, UserPrincipal owner) {
        try {
            Optional<String> refused = ResidentSocket.refused(caller, owner);
            refused.ifPresent(why -> log.println("relman's resident CLI: " + why));
            return refused.isPresent();
        } catch (IOException e) {
            log.println("relman's resident CLI: a caller whose user is unknown (" + e + ") was refused");
            return true;
        }
    }

    private void answer(SocketChannel caller) {
        try (caller) {
            Frames reply = new Frames(caller, Thread.currentThread());
            Request request = readWithin(caller);
            Optional<String> declined = declined(request);
            if (declined.isEmpty() && !running.tryLock()) {
                declined = Optional.of("another command is running in the resident CLI");
            }
            if (declined.isPresent()) {
                reply.send('r', declined.get().getBytes(StandardCharsets.UTF_8));
                return;
            }
            try {
                reply.send(
                        'x', ByteBuffer.allocate(4).putInt(run(request, reply)).array());
            } finally {
                running.unlock();
            }
        } catch (IOException | RuntimeException e) {
            log.println("relman's resident CLI: a call ended with " + e);
        }
    }

    /** The caller's command line, or an IOException when it sent none within the deadline (the call is dropped). */
    private Request readWithin(SocketChannel caller) throws IOException {
        ScheduledFuture<?> deadline = timer.schedule(
                () -> {
                    try {
                        caller.close();
                    } catch (IOException ignored) {
                        // Closing is all there is to do.
                    }
                },
                requestDeadline.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            Request request = Request.read(caller);
            if (deadline.cancel(false)) {
                return request;
            }
        } catch (IOException e) {
            if (deadline.cancel(false)) {
                throw e;
            }
        }
        throw new IOException("a caller sent no command line within " + requestDeadline.toMillis() + " ms; dropped");
    }

    private int run(Request request, Frames reply) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        reply.watchForHangUp();
        System.setOut(new PrintStream(reply.stream('o'), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(reply.stream('e'), true, StandardCharsets.UTF_8));
        try {
            return commands.applyAsInt(request.args().toArray(String[]::new));
        } catch (RuntimeException | Error e) {
            e.printStackTrace();
            return ExitCode.FAILED;
        } finally {
            System.out.flush();
            System.err.flush();
            System.setOut(out);
            System.setErr(err);
            log.println("ran relman " + String.join(" ", request.args()));
        }
    }

    /** Why this JVM would not run {@code request} as a JVM of its own would; empty when it would. */
    Optional<String> declined(Request request) throws IOException {
        if (!PROTOCOL.equals(request.protocol())) {
            return Optional.of("bin/relman speaks " + request.protocol() + ", this resident CLI " + PROTOCOL);
        }
        if (rebuilt || jarChanged()) {
            markRebuilt(); // stopped by checkJar once this caller has its answer
            return Optional.of(jar + " was rebuilt after the resident CLI started");
        }
        if (!request.workingDirectory().equals(workingDirectory)) {
            return Optional.of("it runs in " + workingDirectory + ", not " + request.workingDirectory());
        }
        if (!request.environment().equals(relmanEnvironment)) {
            return Optional.of("its RELMAN_* environment differs from the caller's");
        }
        if (!request.args().isEmpty()
                && request.args().get(0).equals("restore")
                && !request.args().contains("--yes")) {
            return Optional.of("restore asks its confirmation on the caller's terminal (--yes does not)");
        }
        return Optional.empty();
    }

    private boolean jarChanged() {
        try {
            return Files.getLastModifiedTime(jar).toMillis() != jarModified;
        } catch (IOException gone) {
            return true; // removed by a rebuild in progress
        }
    }

    /**
     * The classes loaded here are no longer the CLI's once the jar changed: unlink the socket
     * (scripts/setup.sh starts the new one there), and stop once no command runs here. The lock is checked
     * first, and kept: a command running now ends as it would have, and none starts after it.
     */
    private void checkJar() {
        if (!rebuilt && !jarChanged()) {
            return;
        }
        markRebuilt();
        if (!stopping && running.tryLock()) {
            stopping = true;
            log.println("relman's resident CLI: stopping");
            stop.run();
        }
    }

    private synchronized void markRebuilt() {
        if (!rebuilt) {
            rebuilt = true;
            log.println("relman's resident CLI: " + jar + " was rebuilt; stopping once no command runs here");
            unlink();
        }
    }

    /** Once: a new resident CLI may have bound the path since. */
    private void unlink() {
        if (unlinked.compareAndSet(false, true)) {
            socket.toFile().delete();
        }
    }

    static Map<String, String> relmanVariables(Map<String, String> environment) {
        return environment.entrySet().stream()
                .filter(variable -> variable.getKey().startsWith("RELMAN_")
                        && !variable.getKey().equals("RELMAN_RESIDENT"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }
}
