package io.relman.ssh;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Unix domain socket that only the worker's user can open, each connection to it bridged to a stream
 * of its own from {@link Connector} (for a remote engine: a direct-streamlocal@openssh.com channel to the
 * host's /var/run/docker.sock). The socket lives in a fresh directory of mode 0700, the socket file has
 * mode 0600: unlike JSch's setSocketForwardingL, which listens on a loopback TCP port, no other local
 * user, and no container on the host's network, can reach the remote engine through it.
 *
 * <p>Hand-written because JSch forwards only to TCP ports and docker-java's transports speak to a
 * socket, not to a stream: this is the smallest piece that joins the two. It also counts the open
 * connections, so the owner knows when the engine is in use (an exec that prints nothing for an hour
 * still holds its connection).
 */
public final class UnixSocketBridge implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(UnixSocketBridge.class);
    private static final int BUFFER = 1 << 15;

    /** Opens one stream to the far end, for one accepted connection. */
    @FunctionalInterface
    public interface Connector {
        Link open() throws IOException;
    }

    /** One stream to the far end: its input, its output, and how to close it. */
    public record Link(InputStream in, OutputStream out, Closeable closer) {}

    private final Path directory;
    private final Path socket;
    private final ServerSocketChannel server;
    private final Connector connector;
    private final String name;
    private final AtomicInteger open = new AtomicInteger();
    private volatile long lastClosedNanos = System.nanoTime();
    private volatile boolean closed;
    private volatile boolean failed;

    private UnixSocketBridge(Path directory, ServerSocketChannel server, Connector connector, String name) {
        this.directory = directory;
        this.socket = directory.resolve("docker.sock");
        this.server = server;
        this.connector = connector;
        this.name = name;
    }

    /** A bridge listening in a new private directory under the temporary directory; {@code name}: for logs. */
    public static UnixSocketBridge open(String name, Connector connector) throws IOException {
        Path directory = Files.createTempDirectory(
                "relman-engine-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        UnixSocketBridge bridge = new UnixSocketBridge(directory, server, connector, name);
        try {
            server.bind(UnixDomainSocketAddress.of(bridge.socket));
            Files.setPosixFilePermissions(bridge.socket, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException failed) {
            bridge.close();
            throw failed;
        }
        Thread accepting = new Thread(bridge::accept, "relman-bridge-" + name);
        accepting.setDaemon(true);
        accepting.start();
        return bridge;
    }

    public Path socket() {
        return socket;
    }

    /** The address docker-java connects to. */
    public String dockerHost() {
        return "unix://" + socket;
    }

    /** Connections open now: the engine is in use while there is one. */
    public int openConnections() {
        return open.get();
    }

    /** When the last connection closed (or the bridge opened), System.nanoTime(). */
    public long lastClosedNanos() {
        return lastClosedNanos;
    }

    /**
     * Whether the bridge still takes connections: one that stopped (too many open files, no thread) would leave
     * its callers waiting in the listen backlog with no read limit, so its engine is replaced instead.
     */
    public boolean accepting() {
        return !closed && !failed;
    }

    private void accept() {
        while (!closed) {
            SocketChannel local = null;
            try {
                local = server.accept();
                open.incrementAndGet();
                SocketChannel connection = local;
                Thread bridging = new Thread(() -> bridge(connection), "relman-bridge-" + name + "-down");
                bridging.setDaemon(true);
                bridging.start();
            } catch (IOException | RuntimeException | Error stopped) {
                if (local != null) {
                    // Counted, but no thread will ever close it.
                    quietly(local);
                    open.decrementAndGet();
                }
                if (!closed) {
                    failed = true;
                    log.warn("the socket of the engine of {} stopped accepting: {}", name, stopped.toString());
                    quietly(server);
                }
                return;
            }
        }
    }

    /** One connection: the far end's bytes to the socket here, and in another thread the other way. */
    private void bridge(SocketChannel local) {
        Link link = null;
        try (local) {
            link = connector.open();
            Link up = link;
            Thread upward = new Thread(() -> upward(local, up), "relman-bridge-" + name + "-up");
            upward.setDaemon(true);
            upward.start();
            byte[] bytes = new byte[BUFFER];
            for (int read = link.in().read(bytes); read >= 0; read = link.in().read(bytes)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, read);
                while (buffer.hasRemaining()) {
                    local.write(buffer);
                }
            }
            local.shutdownOutput();
            upward.join();
        } catch (IOException | InterruptedException | RuntimeException ended) {
            log.debug("a connection to the engine of {} ended: {}", name, ended.toString());
        } finally {
            if (link != null) {
                quietly(link.closer());
            }
            lastClosedNanos = System.nanoTime();
            open.decrementAndGet();
        }
    }

    /** The socket's bytes to the far end, until the client is done sending (then the far end sees the end). */
    private static void upward(SocketChannel local, Link link) {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        try {
            while (local.read(buffer) >= 0) {
                link.out().write(buffer.array(), 0, buffer.position());
                link.out().flush();
                buffer.clear();
            }
            link.out().close();
        } catch (IOException ended) {
            // The client or the far end went: close both, so the other direction ends too.
            quietly(link.closer());
            quietly(local);
        }
    }

    private static void quietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException | RuntimeException ignored) {
            // Already gone.
        }
    }

    /** Stops accepting and removes the socket and its directory; open connections end with their link. */
    @Override
    public void close() {
        closed = true;
        quietly(server);
        try {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            log.warn("cannot remove the socket directory {} of the engine of {}: {}", directory, name, e.toString());
        }
    }
}
