package io.relman.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * While releases run: every TCP port listed as listening on the loopback (or on every address) in
 * /proc/net/tcp and tcp6, asked {@code GET /_ping} as a Docker client would; a Docker engine answers 200 OK.
 * Ports that answered before the watch began are not the worker's, and are left out (issue 26: a remote
 * engine forwarded to a loopback port was open to every local process).
 */
final class LoopbackDockerWatch implements AutoCloseable {
    private static final long EVERY_MILLIS = 500;

    private final Set<Integer> before;
    private final Set<String> answered = new ConcurrentSkipListSet<>();
    private final AtomicInteger scans = new AtomicInteger();
    private final Thread thread;
    private volatile boolean stopped;

    private LoopbackDockerWatch() {
        before = dockerPorts();
        thread = new Thread(this::watch, "loopback-docker-watch");
        thread.setDaemon(true);
        thread.start();
    }

    static LoopbackDockerWatch start() {
        return new LoopbackDockerWatch();
    }

    private void watch() {
        while (!stopped) {
            dockerPorts().stream()
                    .filter(port -> !before.contains(port))
                    .forEach(port -> answered.add("127.0.0.1:" + port));
            scans.incrementAndGet();
            try {
                Thread.sleep(EVERY_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The loopback ports that answered as a Docker engine while the watch ran. */
    Set<String> answered() {
        return answered;
    }

    int scans() {
        return scans.get();
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join();
    }

    private static Set<Integer> dockerPorts() {
        Set<Integer> docker = new TreeSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(table));
            } catch (IOException absent) {
                continue;
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                String[] local = fields[1].split(":");
                // 127.0.0.1, any address, ::1, or 127.0.0.1 as Java's dual-stack sockets list it (v4-mapped).
                boolean ipv6Loopback = local[0].equals("00000000000000000000000001000000");
                boolean reachable = local[0].matches("0+") || local[0].endsWith("0100007F") || ipv6Loopback;
                if (fields[3].equals("0A") && reachable) {
                    int port = Integer.parseInt(local[1], 16);
                    if (answersPing(ipv6Loopback ? "::1" : "127.0.0.1", port)) {
                        docker.add(port);
                    }
                }
            }
        }
        return docker;
    }

    private static boolean answersPing(String address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName(address), port), 300);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("GET /_ping HTTP/1.0\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readNBytes(4096), StandardCharsets.ISO_8859_1);
            int body = answer.indexOf("\r\n\r\n");
            return answer.startsWith("HTTP/1.")
                    && answer.split("\r\n")[0].contains(" 200")
                    && body >= 0
                    && answer.substring(body + 4).strip().equals("OK");
        } catch (IOException | RuntimeException notDocker) {
            return false;
        }
    }
}
