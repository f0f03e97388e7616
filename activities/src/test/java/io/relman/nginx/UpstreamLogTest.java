package io.relman.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** nginx's upstream log: each try on a canary counted, its 5xx, its 95th percentile time; the rest ignored. */
@Timeout(10)
class UpstreamLogTest {
    private static final Set<String> CANARY = Set.of("172.18.0.9:8000");

    @Test
    void countsEachTryOnACanaryItsErrorsAndItsTimes() {
        String log = """
                relman_upstream 172.18.0.5:8000|200|0.002
                relman_upstream 172.18.0.9:8000|200|0.010
                relman_upstream 172.18.0.9:8000|500|0.020
                relman_upstream 172.18.0.9:8000, 172.18.0.5:8000|502, 200|0.001, 0.003
                relman_upstream -|-|-
                127.0.0.1 - - [08/Dec/2026:03:40:00 +0000] "GET / HTTP/1.1" 200 12
                relman_upstream 172.18.0.9:8000|200
                """;

        CanaryTraffic traffic = UpstreamLog.read(log, CANARY, 4096);

        assertThat(traffic).isEqualTo(new CanaryTraffic(4096, 3, 2, 20L));
    }

    @Test
    void theP95IsTheTimeBelowWhichNinetyFivePercentOfTheCanarysTriesAnswered() {
        StringBuilder log = new StringBuilder();
        for (int ms = 1; ms <= 100; ms++) {
            log.append("relman_upstream 172.18.0.9:8000|200|0.")
                    .append(String.format("%03d", ms))
                    .append('\n');
        }

        assertThat(UpstreamLog.read(log.toString(), CANARY, 0).p95Millis()).isEqualTo(95L);
    }

    @Test
    void noTryOnACanaryIsNoRequestAndNoTime() {
        assertThat(UpstreamLog.read("relman_upstream 172.18.0.5:8000|503|0.001\n", CANARY, 7))
                .isEqualTo(new CanaryTraffic(7, 0, 0, null));
    }

    @Test
    void theFormatToAddAndTheSampleNginxWriteTheLinesItReads() throws IOException {
        String format = "log_format relman_upstream 'relman_upstream"
                + " $upstream_addr|$upstream_status|$upstream_response_time';";

        assertThat(UpstreamLog.format("/var/log/nginx/relman-upstream.log"))
                .isEqualTo(format + " access_log /var/log/nginx/relman-upstream.log relman_upstream;");
        // The module's directory is the tests' working directory: the sample's nginx is beside it.
        assertThat(Files.readString(Path.of("../docker/nginx/nginx.conf")).replaceAll("\\s+", " "))
                .contains(format.substring(0, format.length() - 1))
                .contains("access_log /var/log/nginx/relman-upstream.log relman_upstream");
    }
}
