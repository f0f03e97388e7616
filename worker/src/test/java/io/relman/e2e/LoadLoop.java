package io.relman.e2e;

import io.relman.support.Pause;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Continuous HTTP load through nginx on 127.0.0.1 while a release runs: a few clients in a loop,
 * bounded in time, counting every request and every failure (non-200 or no answer).
 */
final class LoadLoop implements AutoCloseable {
    private static final int CLIENTS = 3;
    private static final Duration LIMIT = Duration.ofMinutes(5);
    private static final Pattern FAILED_AT = Pattern.compile(" at \\+([0-9.]+) s");

    private final URI uri;
    private final Map<String, String> headers;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger resentAfterKeepAliveClose = new AtomicInteger();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final List<String> versionsSeen = Collections.synchronizedList(new ArrayList<>());
    /** The 200 answers so far, by the version (or the body) that gave them. */
    private final Map<String, LongAdder> answeredBy = new ConcurrentHashMap<>();

    private final List<Thread> clients = new ArrayList<>();
    private final long started = System.nanoTime();
    private final Instant startedAt = Instant.now();

    LoadLoop(int port, String path) {
        this(port, path, Map.of());
    }

    /** With {@code headers} on every request (an app's API token). */
    LoadLoop(int port, String path, Map<String, String> headers) {
        this.uri = URI.create("http://127.0.0.1:" + port + path);
        this.headers = Map.copyOf(headers);
        long deadline = System.nanoTime() + LIMIT.toNanos();
        for (int i = 0; i < CLIENTS; i++) {
            Thread client = new Thread(
                    () -> {
                        while (running.get() && System.nanoTime() < deadline) {
                            request();
                        }
                    },
                    "load-" + i);
            client.start();
            clients.add(client);
        }
    }

    private void request() {
        requests.incrementAndGet();
        try {
            HttpResponse<String> response = send();
            if (response.statusCode() != 200) {
                String retryAfter = response.headers()
                        .firstValue("Retry-After")
                        .map(seconds -> " (Retry-After: " + seconds + ")")
                        .orElse("");
                failures.add("HTTP " + response.statusCode() + retryAfter + " at " + sinceStart() + ": "
                        + firstLine(response.body()));
            } else {
                String version = response.body()
                        .replaceAll(".*\"version\": ?\"([^\"]+)\".*", "$1")
                        .strip();
                answeredBy.computeIfAbsent(version, v -> new LongAdder()).increment();
                if (versionsSeen.isEmpty()
                        || !versionsSeen.get(versionsSeen.size() - 1).equals(version)) {
                    versionsSeen.add(version);
                }
            }
        } catch (Exception e) {
            failures.add(e.getClass().getSimpleName() + " at " + sinceStart() + ": " + e.getMessage());
        }
    }

    /** When, since the load started: to be read next to the worker's and nginx's logs. */
    private String sinceStart() {
        return String.format("+%.3f s", (System.nanoTime() - started) / 1e9);
    }

    /** An error page's title, or the body's first line: enough to tell nginx's 502 from the app's answer. */
    private static String firstLine(String body) {
        String title = body.replaceAll("(?s).*<title>(.*)</title>.*", "$1");
        return title.equals(body) ? body.strip().lines().findFirst().orElse("") : title;
    }

    /**
     * A GET on a kept-alive connection that nginx closes as a reload retires its old workers gets no
     * answer at all: the request never reached nginx. Browsers and curl resend it once; so does this
     * client, and it counts those resends apart. Any other error, or a second one, is a failure.
     */
    private HttpResponse<String> send() throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        HttpRequest request = builder.build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            if (e.getMessage() == null || !e.getMessage().contains("header parser received no bytes")) {
                throw e;
            }
            resentAfterKeepAliveClose.incrementAndGet();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    /**
     * Runs {@code command} (a relman command: its exit code) in the middle of the load, with a second of
     * traffic before and after it, then stops the load.
     */
    int around(IntSupplier command) throws InterruptedException {
        try {
            Pause.of(Duration.ofSeconds(1));
            int exitCode = command.getAsInt();
            Pause.of(Duration.ofSeconds(1));
            return exitCode;
        } finally {
            close();
        }
    }

    /** {@code command} in the middle of two loads at once (two paths, say), each stopped after it. */
    static int both(LoadLoop first, LoadLoop second, IntSupplier command) throws InterruptedException {
        return first.around(() -> {
            try {
                return second.around(command);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    /** GETs sent a second time because nginx closed their kept-alive connection before answering. */
    int resent() {
        return resentAfterKeepAliveClose.get();
    }

    /** When the load started, by the wall clock: failures' "+N s" count from here. */
    Instant startedAt() {
        return startedAt;
    }

    int requests() {
        return requests.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** {@code nanoTime} (a System.nanoTime() reading) in the seconds since the load started, as failures say. */
    double secondsAt(long nanoTime) {
        return (nanoTime - started) / 1e9;
    }

    /** {@code instant} in the seconds since the load started, as failures say. */
    double secondsAt(Instant instant) {
        return Duration.between(startedAt, instant).toMillis() / 1000.0;
    }

    /** The failures that happened between {@code from} and {@code to} (seconds since the start, inclusive). */
    List<String> failuresBetween(double from, double to) {
        return failures().stream()
                .filter(failure -> {
                    Matcher when = FAILED_AT.matcher(failure);
                    return when.find()
                            && Double.parseDouble(when.group(1)) >= from
                            && Double.parseDouble(when.group(1)) <= to;
                })
                .toList();
    }

    /** The 200 answers so far by version: compare two readings for the shares between them. */
    Map<String, Long> answeredBy() {
        Map<String, Long> counts = new TreeMap<>();
        answeredBy.forEach((version, count) -> counts.put(version, count.sum()));
        return counts;
    }

    /** The versions answering, in the order they were first seen to change. */
    List<String> versionsSeen() {
        return List.copyOf(versionsSeen);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread client : clients) {
            client.join();
        }
    }
}
