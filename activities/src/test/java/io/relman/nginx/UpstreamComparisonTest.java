package io.relman.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** relman's upstream files compared by what they make nginx do, with the texts relman really writes. */
@Timeout(10)
class UpstreamComparisonTest {
    private static final String FILE = "/etc/nginx/relman/app.conf";
    private static final List<String> TWO = List.of("shop-demo-app-1:8000", "shop-demo-app-2:8000");

    /** docker/nginx/placeholder-upstream.conf: what a stack has before relman's first release. */
    private static final String PLACEHOLDER = """
            # Until relman deploys the first replica of app: nginx needs one server per upstream to start.
            upstream app { server 127.0.0.1:9 down; }
            server { listen 127.0.0.1:8099; server_name app.generation.relman; location = /relman/generation { return 200 "none\\n"; } }
            """;

    @Test
    void theSameServersWrittenByAnotherRunAreTheSame() {
        assertThat(UpstreamComparison.differences(
                        FILE, NginxUpstream.render("app", TWO, "run-a-3"), NginxUpstream.render("app", TWO, "run-b-9")))
                .isEmpty();
    }

    @Test
    void anUndoneFirstDeployLeavesWhatThePlaceholderDid() {
        assertThat(UpstreamComparison.differences(FILE, PLACEHOLDER, NginxUpstream.render("app", List.of(), "run-b-4")))
                .isEmpty();
    }

    @Test
    void aUsersOwnFileWithTheSameServersInAnotherOrderAndLayoutIsTheSame() {
        String users = "upstream app {\n  # both replicas\n  server shop-demo-app-2:8000;\n"
                + "  server   shop-demo-app-1:8000 max_fails=3;\n}\n";

        assertThat(UpstreamComparison.differences(FILE, users, NginxUpstream.render("app", TWO, "run-b-2")))
                .isEmpty();
    }

    @Test
    void aServerGoneAndAnotherAddedAreNamed() {
        List<String> differences = UpstreamComparison.differences(
                FILE,
                NginxUpstream.render("app", TWO, "g1"),
                NginxUpstream.render("app", List.of("shop-demo-app-1:8000", "shop-demo-app-3:8000"), "g2"));

        assertThat(differences)
                .containsExactly("nginx's /etc/nginx/relman/app.conf is not as before the release: it now has"
                        + " `upstream app { server shop-demo-app-3:8000; }` and it no longer has"
                        + " `upstream app { server shop-demo-app-2:8000; }`");
    }

    @Test
    void whatDecidesWhereTrafficGoesIsADifference() {
        String before = "upstream app { server a:80; server b:80 weight=2; }";

        assertThat(UpstreamComparison.differences(FILE, before, "upstream app { server a:80 down; server b:80; }"))
                .singleElement()
                .asString()
                .contains("it now has `upstream app { server a:80 down; }`, `upstream app { server b:80; }`")
                .contains("it no longer has `upstream app { server a:80; }`, `upstream app { server b:80 weight=2; }`");
    }

    @Test
    void aFileThatAppearedOrWentIsNamed() {
        assertThat(UpstreamComparison.differences(FILE, null, PLACEHOLDER))
                .containsExactly("nginx's /etc/nginx/relman/app.conf exists now; it did not before the release");
        assertThat(UpstreamComparison.differences(FILE, PLACEHOLDER, null))
                .containsExactly("nginx's /etc/nginx/relman/app.conf is gone; it was there before the release");
        assertThat(UpstreamComparison.differences(FILE, null, null)).isEmpty();
    }

    @Test
    void directivesKeepTheirBlocksAndLeaveOutTheGenerationMarker() {
        assertThat(UpstreamComparison.directives(NginxUpstream.render("app", TWO, "g1")))
                .containsExactly(
                        "upstream app { server shop-demo-app-1:8000; }",
                        "upstream app { server shop-demo-app-2:8000; }");
        assertThat(UpstreamComparison.directives(
                        "upstream api { keepalive 8; }\nserver { listen 80; location / { proxy_pass http://api; } }"))
                .containsExactly(
                        "server { listen 80; }",
                        "server { location / { proxy_pass http://api; } }",
                        "upstream api { keepalive 8; }");
    }

    @Test
    void aQuotedHashIsNotAComment() {
        assertThat(UpstreamComparison.directives("server { return 200 \"a # b\"; }"))
                .containsExactly("server { return 200 \"a # b\"; }");
    }
}
