package io.relman.docker;

import io.relman.ssh.EchoServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Just enough of a Docker engine for one exec: its output comes after {@code silence}, as
 * pg_dump -Fd's end comes after it wrote its files. One request per connection; each request's head is kept.
 */
final class FakeEngine implements AutoCloseable {
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final Duration silence;
    private final ServerSocketChannel server;

    /** On the Unix socket {@code path}, or on a loopback TCP port when null. */
    FakeEngine(Path path, Duration silence) throws IOException {
        this.silence = silence;
        this.server =
                ServerSocketChannel.open(path == null ? StandardProtocolFamily.INET : StandardProtocolFamily.UNIX);
        server.bind(
                path == null
                        ? new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)
                        : UnixDomainSocketAddress.of(path));
        Thread accepting = new Thread(this::accept, "fake-engine");
        accepting.setDaemon(true);
        accepting.start();
    }

    String dockerHost() throws IOException {
        return server.getLocalAddress() instanceof UnixDomainSocketAddress unix
                ? "unix://" + unix.getPath()
                : "tcp://127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    private void accept() {
        try {
            while (true) {
                SocketChannel client = server.accept();
                Thread answering = new Thread(() -> answer(client), "fake-engine-call");
                answering.setDaemon(true);
                answering.start();
            }
        } catch (IOException closed) {
            // The test is over.
        }
    }

    private void answer(SocketChannel client) {
        try (client) {
            InputStream in = new BufferedInputStream(EchoServer.input(client));
            OutputStream out = EchoServer.output(client);
            String head = readHead(in);
            requests.add(head);
            skipBody(in, head.toLowerCase());
            String path = head.split(" ")[1];
            if (path.endsWith("/version")) {
                json(out, 200, "{\"ApiVersion\":\"1.41\",\"Version\":\"20.10.24\"}");
            } else if (path.endsWith("/_ping")) {
                Thread.sleep(silence.toMillis());
                respond(out, 200, "text/plain", "OK");
            } else if (path.endsWith("/exec")) {
                json(out, 201, "{\"Id\":\"e1\"}");
            } else if (path.endsWith("/exec/e1/json")) {
                json(out, 200, "{\"ID\":\"e1\",\"Running\":false,\"ExitCode\":0}");
            } else if (path.endsWith("/exec/e1/start")) {
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n"
                                + "Connection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(silence.toMillis());
                byte[] payload = "dumped\n".getBytes(StandardCharsets.UTF_8);
                out.write(new byte[] {1, 0, 0, 0, 0, 0, 0, (byte) payload.length});
                out.write(payload);
            } else {
                json(out, 404, "{\"message\":\"not faked: " + path + "\"}");
            }
        } catch (IOException | InterruptedException gone) {
            // The client gave up.
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                break;
            }
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static void skipBody(InputStream in, String head) throws IOException {
        if (head.contains("transfer-encoding: chunked")) {
            for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
                in.readNBytes(size + 2);
            }
            in.readNBytes(2);
        } else if (head.contains("content-length: ")) {
            String length = head.substring(head.indexOf("content-length: ") + 16);
            in.readNBytes(
                    Integer.parseInt(length.substring(0, length.indexOf('\r')).trim()));
        }
    }

    private static int chunkSize(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            line.append((char) b);
        }
        return Integer.parseInt(line.toString().trim(), 16);
    }

    private static void json(OutputStream out, int status, String body) throws IOException {
        respond(out, status, "application/json", body);
    }

    private static void respond(OutputStream out, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: " + type + "\r\nContent-Length: " + bytes.length
                        + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
