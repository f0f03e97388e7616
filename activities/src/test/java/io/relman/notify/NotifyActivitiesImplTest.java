package io.relman.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.relman.plan.Webhook;
import io.relman.secrets.SecretResolver;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook's POST against a receiver on 127.0.0.1: what it sends, and that only a 2xx counts. */
class NotifyActivitiesImplTest {
    private static final Webhook CHAT = new Webhook("team-chat", "SHOP_CHAT_WEBHOOK", List.of("started"));

    private HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> keys = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);

    @BeforeEach
    void receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/hooks/abc", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private NotifyActivitiesImpl activities(String url) {
        SecretResolver secrets =
                new SecretResolver(Map.of("SHOP_CHAT_WEBHOOK", url)::get, List.of("SHOP_CHAT_WEBHOOK"));
        return new NotifyActivitiesImpl(secrets, "http://127.0.0.1:8233", "default");
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/abc";
    }

    private static Delivery started() {
        return new Delivery(CHAT, NotificationPayloadTest.event("started", null, List.of()));
    }

    @Test
    void postsTheEventAsJsonWithItsIdempotencyKey() {
        activities(url()).post(started());

        assertThat(keys).containsExactly("release-shop-ci/r1/started");
        assertThat(bodies).hasSize(1);
        assertThat(bodies.get(0))
                .contains("\"event\":\"started\"")
                .contains("http://127.0.0.1:8233/namespaces/default/workflows/release-shop-ci/r1/history");
    }

    @Test
    void anAnswerThatIsNot2xxFailsTheTryWithoutNamingTheUrl() {
        status.set(500);

        assertThatThrownBy(() -> activities(url()).post(started()))
                .hasMessage("webhook team-chat answered 500 to started")
                .hasMessageNotContaining("/hooks/abc");
    }

    @Test
    void aReceiverThatIsDownFailsTheTryWithoutNamingTheUrl() {
        String url = url();
        server.stop(0);

        assertThatThrownBy(() -> activities(url).post(started()))
                .hasMessageStartingWith("webhook team-chat could not be reached")
                .hasMessageNotContaining("/hooks/abc");
    }

    /** A host the URI parser takes but the HTTP client refuses, quoting it whole: the message must not. */
    @Test
    void aUrlTheHttpClientRefusesFailsWithoutNamingTheUrl() {
        for (String url : List.of("http://hooks_internal/T0K3N", "https:/T0K3N", "ftp://example.org/T0K3N")) {
            assertThatThrownBy(() -> activities(url).post(started()))
                    .as(url)
                    .hasMessageContaining("is not an http(s) URL")
                    .hasMessageNotContaining("T0K3N");
        }
        assertThat(bodies).isEmpty();
    }

    @Test
    void aUrlVariableTheWorkerDoesNotHandOutIsRefused() {
        SecretResolver none = new SecretResolver(Map.of("SHOP_CHAT_WEBHOOK", url())::get, List.of());

        assertThatThrownBy(() -> new NotifyActivitiesImpl(none, "http://127.0.0.1:8233", "default").post(started()))
                .isInstanceOf(ApplicationFailure.class)
                .hasMessageContaining("relman.secrets.allowed");
        assertThat(bodies).isEmpty();
    }
}
