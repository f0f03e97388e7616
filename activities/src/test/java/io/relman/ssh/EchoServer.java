package io.relman.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** A Unix socket that sends back every byte it receives; and a {@link UnixSocketBridge.Connector} to it. */
public final class EchoServer implements AutoCloseable {
    private final Path path;
    private final ServerSocketChannel server;

    public EchoServer(Path path) throws IOException {
        this.path = path;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Thread accepting = new Thread(this::accept, "echo-server");
        accepting.setDaemon(true);
        accepting.start();
    }

    private void accept() {
        try {
            while (true) {
                SocketChannel client = server.accept();
                Thread echoing = new Thread(() -> echo(client), "echo");
                echoing.setDaemon(true);
                echoing.start();
            }
        } catch (IOException closed) {
            // The test is over.
        }
    }

    private static void echo(SocketChannel client) {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        try (client) {
            while (client.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    client.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException gone) {
            // The bridge closed it.
        }
    }

    /** Each connection of the bridge: a connection of its own to this server, as an SSH channel would be. */
    public UnixSocketBridge.Connector connector() {
        return connector(path);
    }

    /** A connector to any Unix socket: the test's stand-in for an SSH channel to a host's docker.sock. */
    public static UnixSocketBridge.Connector connector(Path path) {
        return () -> {
            SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(path));
            return new UnixSocketBridge.Link(input(channel), output(channel), channel);
        };
    }

    /** Streams over a channel that read and write at once (Channels.newInputStream's would block each other). */
    public static InputStream input(SocketChannel channel) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                return channel.read(ByteBuffer.wrap(bytes, offset, length));
            }
        };
    }

    public static OutputStream output(SocketChannel channel) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }

            @Override
            public void close() throws IOException {
                channel.shutdownOutput();
            }
        };
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
