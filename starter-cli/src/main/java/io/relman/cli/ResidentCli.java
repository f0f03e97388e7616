package io.relman.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * A JVM kept warm to run bin/relman's commands: a new JVM spends most of a second loading classes,
 * building picocli's model and setting up gRPC before a status asks Temporal anything. bin/relman sends
 * its command line through a Unix socket ({@code bin/resident.py}); the command runs here as it would in
 * a JVM of its own, its output goes back as it is printed, and its exit code last.
 *
 * <p>It runs a command only where the result is the same: the caller's working directory and RELMAN_*
 * environment are this JVM's, the CLI's jar is the one it started from, the command never asks the
 * terminal (restore's confirmation), and no other command is running here. Anything else is declined
 * before it starts, and bin/relman then starts a JVM as before. The socket is the owner's alone (0600).
 *
 * <p>The wire format is written by hand: no library here speaks a command line over a socket to a
 * client that starts in milliseconds. Request: a 4-byte big-endian length, then NUL-terminated UTF-8
 * fields: {@link #PROTOCOL}, the working directory, the count of RELMAN_* variables and each as
 * KEY=VALUE, the count of arguments and each argument. Reply: frames of a tag byte and a 4-byte length:
 * {@code o} standard output bytes, {@code e} standard error bytes, {@code x} the exit code (4 bytes), or
 * {@code r} declined (the reason, for bin/relman's RELMAN_RESIDENT=explain).
 */
public final class ResidentCli {
    static final String PROTOCOL = "relman-resident-1";
    private static final int MAX_REQUEST_BYTES = 1 << 20;

    private final Path jar;
    private final long jarModified;
    private final String workingDirectory = System.getProperty("user.dir");
    private final Map<String, String> relmanEnvironment = relmanVariables(System.getenv());
    /** System.out and System.err are the process's: one command at a time has them. */
    private final ReentrantLock running = new ReentrantLock();

    private final PrintStream log = System.out;
    private final Path socket;
    private final Runnable stop;
    private volatile boolean rebuilt;

    /** Serves {@code socket} while {@code jar} is unchanged; then declines, and runs {@code stop}. */
    ResidentCli(Path socket, Path jar, Runnable stop) throws IOException {
        this.socket = socket;
        this.jar = jar;
        this.stop = stop;
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
        resident.serve();
    }

    void serve() throws IOException {
        Files.deleteIfExists(socket);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            // Stopped (scripts/stop.sh): bin/relman finds no socket and starts a JVM of its own at once.
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(() -> socket.toFile().delete()));
            log.println("relman's resident CLI serves " + socket + " from " + workingDirectory);
            while (true) {
                SocketChannel caller = server.accept();
                Thread command = new Thread(() -> answer(caller), "relman-command");
                command.start();
            }
        }
    }

    private void answer(SocketChannel caller) {
        try (caller) {
            Frames reply = new Frames(caller, Thread.currentThread());
            Request request = Request.read(caller);
            Optional<String> declined = declined(request);
            if (declined.isEmpty() && !running.tryLock()) {
                declined = Optional.of("another command is running in the resident CLI");
            }
            if (declined.isPresent()) {
                reply.send('r', declined.get().getBytes(StandardCharsets.UTF_8));
                if (rebuilt) {
                    log.println("relman's resident CLI: " + jar + " was rebuilt; stopping");
                    stop.run();
                }
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

    private int run(Request request, Frames reply) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        reply.watchForHangUp();
        System.setOut(new PrintStream(reply.stream('o'), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(reply.stream('e'), true, StandardCharsets.UTF_8));
        try {
            return RelmanCli.run(request.args.toArray(String[]::new));
        } catch (RuntimeException | Error e) {
            e.printStackTrace();
            return ExitCode.FAILED;
        } finally {
            System.out.flush();
            System.err.flush();
            System.setOut(out);
            System.setErr(err);
            log.println("ran relman " + String.join(" ", request.args));
        }
    }

    /** Why this JVM would not run {@code request} as a JVM of its own would; empty when it would. */
    Optional<String> declined(Request request) throws IOException {
        if (!PROTOCOL.equals(request.protocol)) {
            return Optional.of("bin/relman speaks " + request.protocol + ", this resident CLI " + PROTOCOL);
        }
        if (Files.getLastModifiedTime(jar).toMillis() != jarModified) {
            // The classes loaded here are no longer the CLI's: stop, and let scripts/setup.sh start it again.
            rebuilt = true;
            Files.deleteIfExists(socket);
            return Optional.of(jar + " was rebuilt after the resident CLI started");
        }
        if (!request.workingDirectory.equals(workingDirectory)) {
            return Optional.of("it runs in " + workingDirectory + ", not " + request.workingDirectory);
        }
        if (!request.environment.equals(relmanEnvironment)) {
            return Optional.of("its RELMAN_* environment differs from the caller's");
        }
        if (!request.args.isEmpty() && request.args.get(0).equals("restore")) {
            return Optional.of("restore asks its confirmation on the caller's terminal");
        }
        return Optional.empty();
    }

    static Map<String, String> relmanVariables(Map<String, String> environment) {
        return environment.entrySet().stream()
                .filter(variable -> variable.getKey().startsWith("RELMAN_")
                        && !variable.getKey().equals("RELMAN_RESIDENT"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    /** A command line as bin/resident.py sends it. */
    record Request(String protocol, String workingDirectory, Map<String, String> environment, List<String> args) {
        static Request read(SocketChannel caller) throws IOException {
            int length = readFully(caller, ByteBuffer.allocate(4)).getInt();
            if (length < 0 || length > MAX_REQUEST_BYTES) {
                throw new IOException("a request of " + length + " bytes");
            }
            return parse(readFully(caller, ByteBuffer.allocate(length)).array());
        }

        static Request parse(byte[] body) throws IOException {
            List<String> fields = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < body.length; i++) {
                if (body[i] == 0) {
                    fields.add(new String(body, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            try {
                int next = 0;
                String protocol = fields.get(next++);
                String directory = fields.get(next++);
                Map<String, String> environment = new TreeMap<>();
                for (int count = Integer.parseInt(fields.get(next++)); count > 0; count--) {
                    String[] variable = fields.get(next++).split("=", 2);
                    environment.put(variable[0], variable.length > 1 ? variable[1] : "");
                }
                int count = Integer.parseInt(fields.get(next++));
                List<String> args = List.copyOf(fields.subList(next, next + count));
                return new Request(protocol, directory, environment, args);
            } catch (IndexOutOfBoundsException | NumberFormatException e) {
                throw new IOException("a malformed request (" + fields.size() + " fields)", e);
            }
        }

        private static ByteBuffer readFully(SocketChannel caller, ByteBuffer buffer) throws IOException {
            while (buffer.hasRemaining()) {
                if (caller.read(buffer) < 0) {
                    throw new IOException("the caller hung up before its request was complete");
                }
            }
            return buffer.flip();
        }
    }

    /**
     * The reply's frames. A caller that hangs up (Ctrl-C on bin/relman) interrupts the command, as the
     * end of its own JVM would have ended it; what it prints after that goes nowhere.
     */
    static final class Frames {
        private final SocketChannel caller;
        private final Thread command;
        private volatile boolean hungUp;

        Frames(SocketChannel caller, Thread command) {
            this.caller = caller;
            this.command = command;
        }

        OutputStream stream(char tag) {
            return new OutputStream() {
                @Override
                public void write(int b) {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    send(tag, Arrays.copyOfRange(bytes, offset, offset + length));
                }
            };
        }

        synchronized void send(char tag, byte[] payload) {
            if (hungUp) {
                return;
            }
            ByteBuffer frame = ByteBuffer.allocate(5 + payload.length)
                    .put((byte) tag)
                    .putInt(payload.length)
                    .put(payload)
                    .flip();
            try {
                while (frame.hasRemaining()) {
                    caller.write(frame);
                }
            } catch (IOException gone) {
                hangUp();
            }
        }

        /** The caller sends nothing after its request: a read that ends means it hung up. */
        void watchForHangUp() {
            Thread watcher = new Thread(
                    () -> {
                        try {
                            if (caller.read(ByteBuffer.allocate(1)) < 0) {
                                hangUp();
                            }
                        } catch (IOException closed) {
                            // Closed by the reply's end, or reset by the caller: either way nothing to do.
                        }
                    },
                    "relman-hang-up-watch");
            watcher.setDaemon(true);
            watcher.start();
        }

        private void hangUp() {
            hungUp = true;
            command.interrupt();
        }
    }
}
