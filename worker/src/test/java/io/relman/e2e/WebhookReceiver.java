package io.relman.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook on 127.0.0.1 that a release's notifications reach: it answers 500 to the first {@code failures}
 * POSTs, 204 to the rest, and keeps every POST it got with its answer.
 */
final class WebhookReceiver implements AutoCloseable {
    /** One POST: its Idempotency-Key, its body and what this receiver answered. */
    record Post(String key, JsonNode body, int status) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final AtomicInteger failuresLeft;
    private final List<Post> posts = new ArrayList<>();

    WebhookReceiver(int failures) throws IOException {
        failuresLeft = new AtomicInteger(failures);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = failuresLeft.getAndDecrement() > 0 ? 500 : 204;
            synchronized (posts) {
                posts.add(new Post(
                        exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                        JSON.readTree(new String(body, StandardCharsets.UTF_8)),
                        status));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<Post> posts() {
        synchronized (posts) {
            return List.copyOf(posts);
        }
    }

    /** The events this receiver accepted (answered 2xx), in the order they came. */
    List<String> delivered() {
        return posts().stream()
                .filter(post -> post.status() / 100 == 2)
                .map(post -> post.body().path("event").asText())
                .toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
