package io.relman.notify;

import io.relman.secrets.SecretResolver;
import io.relman.temporal.FailureType;
import io.relman.temporal.client.WebUiLinks;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Posts an event to a webhook: its URL resolved here, from the worker variable the plan names, so that it
 * never enters a history. Any answer but 2xx fails the try, which the workflow retries with backoff; the same
 * {@code Idempotency-Key} on every try lets a receiver drop a repeat.
 */
public final class NotifyActivitiesImpl implements NotifyActivities {
    /** A receiver answers an incoming webhook at once; a slow one is tried again rather than waited for. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final SecretResolver secrets;
    private final String webUi;
    private final String namespace;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public NotifyActivitiesImpl(SecretResolver secrets, String webUi, String namespace) {
        this.secrets = secrets;
        this.webUi = webUi;
        this.namespace = namespace;
    }

    /**
     * The request to {@code url}. The URL is a secret: a value that is no http(s) URL the client takes fails
     * with the webhook's name and variable, never the value (the JDK's own messages quote it).
     */
    private static HttpRequest.Builder request(String url, Delivery delivery) {
        try {
            URI uri = URI.create(url);
            if (!List.of("http", "https").contains(String.valueOf(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL with a host");
            }
            return HttpRequest.newBuilder(uri);
        } catch (IllegalArgumentException e) {
            throw FailureType.PLAN_ERROR.failure("webhook " + delivery.webhook().name() + ": "
                    + delivery.webhook().urlEnv()
                    + " on this worker is not an http(s) URL; set it to the webhook's URL");
        }
    }

    @Override
    public void post(Delivery delivery) {
        Notification notification = delivery.notification();
        String name = delivery.webhook().name();
        String url = secrets.value(delivery.webhook().urlEnv(), "the URL of webhook " + name);
        String link = WebUiLinks.run(webUi, namespace, notification.workflowId(), notification.runId());
        HttpRequest request = request(url, delivery)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", notification.idempotencyKey())
                .POST(HttpRequest.BodyPublishers.ofString(NotificationPayload.json(notification, link)))
                .build();
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            // The URL is a secret: the message names the webhook, never where it points.
            throw new IllegalStateException(
                    "webhook " + name + " could not be reached: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("webhook " + name + ": interrupted");
        }
        if (status / 100 != 2) {
            throw new IllegalStateException("webhook " + name + " answered " + status + " to " + notification.event());
        }
    }
}
