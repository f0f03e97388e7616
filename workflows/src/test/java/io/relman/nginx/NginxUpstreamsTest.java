package io.relman.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.nginx.NginxUpstreams.Upstream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class NginxUpstreamsTest {
    /** The compose stack with relman init's advice followed halfway: web still in a second file of the directory. */
    static final String HALFWAY = """
            # configuration file /etc/nginx/stack.conf:
            worker_processes 1;
            http {
              include /etc/nginx/upstreams/*.conf;
              server { listen 80; location /api/ { proxy_pass http://api; } location / { proxy_pass http://web; } }
            }

            # configuration file /etc/nginx/upstreams/api.conf:
            upstream api { server stack-api-1:8000 max_fails=1; server stack-api-2:8000; }

            # configuration file /etc/nginx/upstreams/legacy.conf:
            # The team's file from before relman.
            upstream web {
                server stack_web_1:8000;   # the first
                server stack_web_2:8000;
            }
            """;

    @Test
    void whatRelmansFileRoutesIsItsServersAndNothingForThePlaceholder() {
        String two = "upstream shop {\n    server app-1:8000 max_fails=1 fail_timeout=2s;\n"
                + "    server app-2:8000 max_fails=1;\n}\nserver {\n    listen 127.0.0.1:8099;\n}\n";
        String none = "upstream shop {\n    server 127.0.0.1:9 down;\n}\n";

        assertThat(NginxUpstreams.routedIn("/r/shop.conf", two, "shop")).containsExactly("app-1:8000", "app-2:8000");
        assertThat(NginxUpstreams.routedIn("/r/shop.conf", two, "api")).isEmpty();
        assertThat(NginxUpstreams.routedIn("/r/shop.conf", none, "shop")).isEmpty();
    }

    @Test
    void findsEachUpstreamWithItsFileAndServers() {
        assertThat(NginxUpstreams.in(HALFWAY))
                .containsExactly(
                        new Upstream(
                                "api",
                                "/etc/nginx/upstreams/api.conf",
                                List.of("stack-api-1:8000", "stack-api-2:8000"),
                                1),
                        new Upstream(
                                "web",
                                "/etc/nginx/upstreams/legacy.conf",
                                List.of("stack_web_1:8000", "stack_web_2:8000"),
                                1));
    }

    @Test
    void anUpstreamInACommentOrAStringIsNoUpstream() {
        String dump = """
                # configuration file /etc/nginx/nginx.conf:
                http {
                  # upstream web { server old:80; }
                  #upstream web { server older:80; }
                  map $uri $x { default "upstream web { server quoted:80; }"; }
                  log_format main 'upstream web {' ;
                  server {
                    location = /a#b { return 200 "# not a comment; upstream web { server s:1; } }"; }
                    location /v { return 200 "${host}"; set $y ${uri}x; }
                  }
                  upstream web { server real:8000; }   # upstream web { server trailing:1; }
                }
                """;

        assertThat(NginxUpstreams.in(dump))
                .containsExactly(new Upstream("web", "/etc/nginx/nginx.conf", List.of("real:8000"), 1));
    }

    @Test
    void aWordThatOnlyHoldsTheWordUpstreamIsNoUpstream() {
        String dump = """
                # configuration file /etc/nginx/conf.d/default.conf:
                server { location / { proxy_pass http://upstream; proxy_set_header X-Upstream upstream; } }
                upstream
                  backend
                {
                  zone backend 64k;
                  server b1:80 weight=2;
                  server unix:/run/b2.sock backup;
                  keepalive 8;
                }
                """;

        assertThat(NginxUpstreams.in(dump))
                .containsExactly(new Upstream(
                        "backend", "/etc/nginx/conf.d/default.conf", List.of("b1:80", "unix:/run/b2.sock"), 1));
    }

    @Test
    void theFilesOtherThanRelmansThatDefineAnUpstreamAreWhereNginxWouldFindItTwice() {
        String dump = HALFWAY + """

                # configuration file /etc/nginx/conf.d/old.conf:
                upstream web { server w:1; }
                upstream api { server a:1; }
                """;
        List<Upstream> loaded = NginxUpstreams.in(dump);

        assertThat(NginxUpstreams.definedElsewhere(loaded, "web", "/etc/nginx/upstreams/web.conf"))
                .containsExactly("/etc/nginx/upstreams/legacy.conf", "/etc/nginx/conf.d/old.conf");
        // relman's own file, however config_dir spells the directory, is not "elsewhere".
        assertThat(NginxUpstreams.definedElsewhere(loaded, "api", "/etc/nginx//upstreams/./api.conf"))
                .containsExactly("/etc/nginx/conf.d/old.conf");
        assertThat(NginxUpstreams.definedElsewhere(NginxUpstreams.in(HALFWAY), "api", "/etc/nginx/upstreams/api.conf"))
                .isEmpty();
        assertThat(NginxUpstreams.definedElsewhere(loaded, "shop", "/etc/nginx/upstreams/shop.conf"))
                .isEmpty();
    }

    @Test
    void countsTheUpstreamsOfEachFile() {
        String dump = """
                # configuration file /etc/nginx/stack.conf:
                http { upstream api { server a:1; } upstream web { server w:1; } }
                """;

        assertThat(NginxUpstreams.in(dump))
                .extracting(Upstream::upstreamsInFile)
                .containsExactly(2, 2);
    }

    @Test
    void theAdviceIsRelmanInitsSentence() {
        assertThat(NginxUpstreams.moveAdvice("web", "/etc/nginx/upstreams/legacy.conf", "/etc/nginx/upstreams"))
                .isEqualTo("move `upstream web {...}` out of /etc/nginx/upstreams/legacy.conf into"
                        + " /etc/nginx/upstreams/web.conf, a file of its own that nginx includes (include"
                        + " /etc/nginx/upstreams/*.conf; inside http {}): relman rewrites that file at every release");
    }
}
