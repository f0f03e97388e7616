package io.relman.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.plan.Host;
import io.relman.plan.LoadBalancer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class UpstreamOwnershipTest {
    private static final LoadBalancer LB = new LoadBalancer("stack-lb", "/etc/nginx/upstreams", null, null);

    @Test
    void anUpstreamRelmanWritesThatAnotherFileDefinesRefusesTheReleaseNamingBothFilesAndTheFix() {
        UpstreamOwnership check = new UpstreamOwnership(Host.LOCAL, LB, List.of("api", "web"));

        assertThat(check.refusal(NginxUpstreamsTest.HALFWAY))
                .contains("nginx in stack-lb loads upstream web from /etc/nginx/upstreams/legacy.conf, and relman"
                        + " writes it to /etc/nginx/upstreams/web.conf, which nginx would refuse as a duplicate"
                        + " upstream: move `upstream web {...}` out of /etc/nginx/upstreams/legacy.conf into"
                        + " /etc/nginx/upstreams/web.conf, a file of its own that nginx includes (include"
                        + " /etc/nginx/upstreams/*.conf; inside http {}): relman rewrites that file at every release."
                        + " Then release again. Nothing was changed.");
    }

    @Test
    void upstreamsInRelmansFilesOrNowhereYetAreFine() {
        assertThat(new UpstreamOwnership(Host.LOCAL, LB, List.of("api")).refusal(NginxUpstreamsTest.HALFWAY))
                .isEmpty();
        assertThat(new UpstreamOwnership(Host.LOCAL, LB, List.of("shop")).refusal(NginxUpstreamsTest.HALFWAY))
                .isEmpty();
    }

    @Test
    void theConfigDirOfThePlanIsWhereTheAdviceMovesTheUpstream() {
        LoadBalancer relmanDefault = new LoadBalancer("stack-lb", null, null, null);

        assertThat(new UpstreamOwnership(Host.LOCAL, relmanDefault, List.of("api")).refusal(NginxUpstreamsTest.HALFWAY))
                .hasValueSatisfying(refusal -> assertThat(refusal)
                        .contains("loads upstream api from /etc/nginx/upstreams/api.conf, and relman writes it to"
                                + " /etc/nginx/relman/api.conf")
                        .contains("into /etc/nginx/relman/api.conf, a file of its own that nginx includes (include"
                                + " /etc/nginx/relman/*.conf; inside http {})"));
    }

    @Test
    void aConfigurationThatFailsItsTestAlreadyIsNamedWithWhatNginxSaid() {
        assertThat(new UpstreamOwnership(Host.LOCAL, LB, List.of("web"))
                        .brokenNow(
                                "nginx: [emerg] duplicate upstream \"web\" in /etc/nginx/upstreams/web.conf:2",
                                List.of("nginx", "-c", "/etc/nginx/stack.conf", "-t")))
                .isEqualTo("nginx's configuration in stack-lb does not pass its test as it is (nginx: [emerg]"
                        + " duplicate upstream \"web\" in /etc/nginx/upstreams/web.conf:2): nginx would refuse any"
                        + " upstream relman writes. Fix the file nginx names, check it with docker exec stack-lb nginx"
                        + " -c /etc/nginx/stack.conf -t, then release again. Nothing was changed.");
    }
}
