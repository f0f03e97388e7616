package io.relman.release.saga;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.nginx.LoadBalancerActivities;
import io.relman.nginx.UpstreamOwnership;
import io.relman.plan.LoadBalancer;
import io.relman.plan.ReleaseStep;
import io.relman.plan.Service;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * The pre-flight's look at nginx before a rollout writes upstream files: nginx's configuration passes its
 * test as it is, and no file but relman's defines an upstream relman writes. Where one does (relman init's
 * advice followed halfway), relman's file would make nginx refuse its configuration, so the release is
 * refused instead, before anything changes.
 */
final class OwnUpstreams {
    /** Runs recorded before this check replay without it. */
    static final String CHANGE = "release-upstreams-owned";

    private final Release release;

    OwnUpstreams(Release release) {
        this.release = release;
    }

    void require() {
        LoadBalancer lb = release.environment.loadBalancer();
        List<String> upstreams = release.plan.services().stream()
                .filter(Service::servesTraffic)
                .map(Service::upstream)
                .distinct()
                .toList();
        if (!release.rollsOut
                || lb == null
                || upstreams.isEmpty()
                || Workflow.getVersion(CHANGE, Workflow.DEFAULT_VERSION, 1) != 1) {
            return;
        }
        release.progress.report(
                ReleaseStep.PREFLIGHT,
                null,
                "checking that nginx in " + lb.container() + " takes upstream(s) " + String.join(", ", upstreams)
                        + " from relman's files in " + lb.configDir() + " alone");
        stub(LoadBalancerActivities.class, RelmanActivityOptions.quick(), "check nginx's upstreams")
                .requireOwnUpstreams(new UpstreamOwnership(release.environment.loadBalancerHost(), lb, upstreams));
    }
}
