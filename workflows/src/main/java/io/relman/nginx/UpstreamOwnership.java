package io.relman.nginx;

import io.relman.nginx.NginxUpstreams.Upstream;
import io.relman.plan.Host;
import io.relman.plan.LoadBalancer;
import io.relman.plan.OnHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pre-flight's question to nginx before a release writes {@code upstreams}: does the nginx that
 * {@code loadBalancer} names load each of them from no file but the one relman writes ({@link
 * LoadBalancer#fileOf})? Where another file defines one too, writing relman's file makes every {@code
 * nginx -t} fail (duplicate upstream); the release is refused instead, before anything changes.
 */
public record UpstreamOwnership(Host host, LoadBalancer loadBalancer, List<String> upstreams) implements OnHost {
    public UpstreamOwnership {
        upstreams = List.copyOf(upstreams);
    }

    /**
     * Why the release must not start, given what {@code nginx -T} printed; empty when every upstream is
     * defined nowhere but in relman's file (or nowhere yet).
     */
    public Optional<String> refusal(String dump) {
        List<Upstream> loaded = NginxUpstreams.in(dump);
        List<String> problems = new ArrayList<>();
        for (String upstream : upstreams) {
            String own = loadBalancer.fileOf(upstream);
            List<String> elsewhere = NginxUpstreams.definedElsewhere(loaded, upstream, own);
            if (!elsewhere.isEmpty()) {
                problems.add("nginx in " + loadBalancer.container() + " loads upstream " + upstream + " from "
                        + String.join(" and ", elsewhere) + ", and relman writes it to " + own + ", which nginx"
                        + " would refuse as a duplicate upstream: "
                        + String.join(
                                "; ",
                                elsewhere.stream()
                                        .map(file ->
                                                NginxUpstreams.moveAdvice(upstream, file, loadBalancer.configDir()))
                                        .toList()));
            }
        }
        return problems.isEmpty()
                ? Optional.empty()
                : Optional.of(String.join(". ", problems) + ". Then release again. Nothing was changed.");
    }

    /**
     * Why the release must not start when nginx's configuration does not pass its test as it is; {@code
     * testCommand} is the test of the configuration the master runs ({@code nginx -c FILE -t}).
     */
    public String brokenNow(String nginxSaid, List<String> testCommand) {
        return "nginx's configuration in " + loadBalancer.container() + " does not pass its test as it is ("
                + nginxSaid + "): nginx would refuse any upstream relman writes. Fix the file nginx names, check it"
                + " with docker exec " + loadBalancer.container() + " " + String.join(" ", testCommand)
                + ", then release again. Nothing was changed.";
    }
}
