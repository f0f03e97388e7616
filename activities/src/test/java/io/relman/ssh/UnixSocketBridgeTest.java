package io.relman.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A remote engine's socket on the worker, without SSH: a test connector to an echo server stands for the channel. */
class UnixSocketBridgeTest {
    @TempDir
    Path dir;

    @Test
    void theSocketIsTheWorkersAloneAndBytesFlowBothWays() throws Exception {
        try (EchoServer echo = new EchoServer(dir.resolve("echo.sock"));
                UnixSocketBridge bridge = UnixSocketBridge.open("h1", echo.connector())) {
            Path socket = bridge.socket();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())))
                    .isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
                    .isEqualTo("rw-------");
            assertThat(bridge.dockerHost()).isEqualTo("unix://" + socket);

            byte[] sent = new byte[1 << 20];
            new Random(26).nextBytes(sent);
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                    try {
                        EchoServer.output(client).write(sent);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                ByteBuffer received = ByteBuffer.allocate(sent.length);
                while (received.hasRemaining() && client.read(received) >= 0) {
                    // a megabyte there and back, in whatever pieces
                }
                writing.join();
                assertThat(received.array()).isEqualTo(sent);
                assertThat(bridge.openConnections()).isEqualTo(1);
            }
        }
    }

    @Test
    void itCountsOpenConnectionsAndWhenTheLastOneClosed() throws Exception {
        try (EchoServer echo = new EchoServer(dir.resolve("echo.sock"));
                UnixSocketBridge bridge = UnixSocketBridge.open("h1", echo.connector())) {
            long opened = bridge.lastClosedNanos();
            SocketChannel first = roundTrip(bridge, "a");
            SocketChannel second = roundTrip(bridge, "b");
            assertThat(bridge.openConnections()).isEqualTo(2);
            first.close();
            await(() -> bridge.openConnections() == 1);
            assertThat(bridge.lastClosedNanos()).isGreaterThan(opened);
            second.close();
            await(() -> bridge.openConnections() == 0);
        }
    }

    @Test
    void closingItRemovesTheSocketAndItsDirectory() throws Exception {
        Path socket;
        try (EchoServer echo = new EchoServer(dir.resolve("echo.sock"));
                UnixSocketBridge bridge = UnixSocketBridge.open("h1", echo.connector())) {
            socket = bridge.socket();
            roundTrip(bridge, "x").close();
            assertThat(socket).exists();
        }
        assertThat(socket).doesNotExist();
        assertThat(socket.getParent()).doesNotExist();
    }

    @Test
    void itOpensNoTcpListeningSocket() throws Exception {
        try (ServerSocket loopback = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(ownTcpListeners())
                    .as("what JSch's setSocketForwardingL opened")
                    .isNotEmpty();
        }
        Set<String> before = ownTcpListeners();
        try (EchoServer echo = new EchoServer(dir.resolve("echo.sock"));
                UnixSocketBridge bridge = UnixSocketBridge.open("h1", echo.connector())) {
            try (SocketChannel client = roundTrip(bridge, "y")) {
                assertThat(ownTcpListeners()).isEqualTo(before);
            }
        }
    }

    private static SocketChannel roundTrip(UnixSocketBridge bridge, String text) throws IOException {
        SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(bridge.socket()));
        client.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        ByteBuffer back = ByteBuffer.allocate(text.length());
        while (back.hasRemaining() && client.read(back) >= 0) {
            // until it is back
        }
        assertThat(new String(back.array(), StandardCharsets.UTF_8)).isEqualTo(text);
        return client;
    }

    /** The inodes of this process's sockets that /proc/net/tcp and tcp6 list as listening (state 0A). */
    static Set<String> ownTcpListeners() throws IOException {
        Set<String> own = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        own.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed meanwhile
                }
            }
        }
        Set<String> listening = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            List<String> lines = Files.readAllLines(path); // read once: the table changes between two reads
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields[3].equals("0A") && own.contains(fields[9])) {
                    listening.add(table + " " + fields[1]);
                }
            }
        }
        return listening;
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 5 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
