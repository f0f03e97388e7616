package io.relman.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.plan.HealthCheck;
import io.relman.plan.Host;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class HealthProbeTest {
    @Test
    void probesTheReplicaByNameOnItsPortAndFailsOnNon2xx() {
        HealthProbeRequest request = new HealthProbeRequest(
                Host.LOCAL,
                "shop-demo-lb",
                "shop-demo-app-2",
                8000,
                new HealthCheck("/health", Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(30)));

        assertThat(HealthProbe.curlArgv(request.url(), request.check().timeout()))
                .containsExactly(
                        "curl",
                        "--globoff",
                        "--silent",
                        "--show-error",
                        "--fail",
                        "--output",
                        "/dev/null",
                        "--write-out",
                        "%{http_code}",
                        "--max-time",
                        "2.5",
                        "http://shop-demo-app-2:8000/health");
    }
}
