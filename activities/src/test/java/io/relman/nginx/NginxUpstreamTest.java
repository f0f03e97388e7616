package io.relman.nginx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class NginxUpstreamTest {
    @Test
    void listsEveryServerAndTheGenerationMarker() {
        assertThat(NginxUpstream.render("app", List.of("shop-demo-app-1:8000", "shop-demo-app-3:8000"), "run-7"))
                .isEqualTo("""
            # Written by relman; rewritten at every rollout step. Generation run-7.
            upstream app {
                server shop-demo-app-1:8000 max_fails=0;
                server shop-demo-app-3:8000 max_fails=0;
            }
            server {
                listen 127.0.0.1:8099;
                server_name app.generation.relman;
                location = /relman/generation { return 200 "run-7\\n"; }
            }
            """);
    }

    @Test
    void aServerWithAWeightOtherThanOneGetsItAndTheOthersNginxsDefault() {
        assertThat(NginxUpstream.render(
                        "app",
                        List.of("shop-demo-app-1:8000", "shop-demo-app-canary-1:8000"),
                        Map.of("shop-demo-app-1:8000", 9),
                        "g1"))
                .contains("    server shop-demo-app-1:8000 weight=9 max_fails=0;\n"
                        + "    server shop-demo-app-canary-1:8000 max_fails=0;\n");
        assertThatThrownBy(() -> NginxUpstream.render("app", List.of("a:80"), Map.of("a:80", 0), "g1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptyUpstreamGetsAServerThatTakesNoTrafficBecauseNginxNeedsOne() {
        assertThat(NginxUpstream.render("app", List.of(), "g1")).contains("    server 127.0.0.1:9 down;\n");
    }

    @Test
    void refusesNamesThatWouldInjectNginxSyntax() {
        assertThatThrownBy(() -> NginxUpstream.render("app", List.of("evil:80; include /etc/passwd"), "g1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("server 'evil:80; include /etc/passwd'");
        assertThatThrownBy(() -> NginxUpstream.render("app }", List.of(), "g1"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
