package io.relman.plan;

import io.relman.plan.Canary.CanaryStep;

/** The rules of a service's canary ({@code update_order: canary} and its {@code canary:} section). */
final class CanaryRules {
    static final String EXAMPLE =
            "canary: {replicas: 1, steps: [{weight: 10}, {pause: 5m}, {weight: 50}, {pause: {}}]}";

    private CanaryRules() {}

    static void check(Problems problems, String path, Service service) {
        Canary canary = service.canary();
        boolean asked = service.updateOrder() == UpdateOrder.CANARY;
        if (asked && canary == null) {
            problems.add(path + "/update_order", "canary needs the canary's steps beside it, e.g. " + EXAMPLE);
            return;
        }
        if (canary == null) {
            return;
        }
        String at = path + "/canary";
        if (!asked) {
            problems.add(at, "is read only with update_order: canary; set it, or remove canary:");
        }
        if (!service.servesTraffic()) {
            problems.add(
                    path + "/update_order",
                    "a canary gets a share of the traffic nginx sends the service, and a service without a port gets"
                            + " none: use stop-first (or start-first)");
        }
        problems.range(at + "/replicas", canary.replicas(), 1, PlanValidator.MAX_REPLICAS);
        if (canary.then() == UpdateOrder.CANARY) {
            problems.add(
                    at + "/then",
                    "is how the replicas are replaced after the canary: stop-first, start-first or" + " drain-first");
        }
        if (canary.steps().stream().noneMatch(CanaryStep::setsWeight)) {
            problems.add(
                    at + "/steps",
                    "needs at least one weight: a canary that gets no traffic tells nothing, e.g. " + EXAMPLE);
        }
        CanaryAnalysis analysis = canary.analysis();
        if (analysis != null) {
            problems.positiveUpTo(at + "/analysis/interval", analysis.interval(), ServiceRules.STEP_LIMIT);
            if (Problems.isPositive(analysis.interval())
                    && analysis.interval().compareTo(CanaryAnalysis.MIN_INTERVAL) < 0) {
                problems.add(
                        at + "/analysis/interval",
                        "must be at least " + Durations.text(CanaryAnalysis.MIN_INTERVAL)
                                + ": each look is an activity in the release's history");
            }
            problems.positiveUpTo(at + "/analysis/max_p95", analysis.maxP95(), ServiceRules.STEP_LIMIT);
            problems.range(at + "/analysis/min_requests", analysis.minRequests(), 1, 1_000_000);
            if (!analysis.log().startsWith("/")) {
                problems.add(
                        at + "/analysis/log",
                        "is a path in the load balancer's container, from /, e.g. " + CanaryAnalysis.DEFAULT_LOG);
            }
            if (canary.steps().stream().allMatch(CanaryStep::setsWeight)) {
                problems.add(
                        at + "/analysis",
                        "runs during the canary's pauses, and its steps have none: add a" + " pause, e.g. {pause: 5m}");
            }
        }
        for (int i = 0; i < canary.steps().size(); i++) {
            CanaryStep step = canary.steps().get(i);
            String stepAt = at + "/steps/" + (i + 1);
            if (step.setsWeight()) {
                // 100 would send nothing to the current version: that is what the promotion at the end does.
                problems.range(stepAt + "/weight", step.weight(), 1, 99);
            } else if (!step.untilPromoted()) {
                problems.positiveUpTo(stepAt + "/pause", step.pause(), Canary.LONGEST_PAUSE);
                if (analysis != null
                        && Problems.isPositive(analysis.interval())
                        && step.pause().dividedBy(analysis.interval()) > CanaryAnalysis.MAX_LOOKS) {
                    problems.add(
                            stepAt + "/pause",
                            "is more than " + CanaryAnalysis.MAX_LOOKS + " looks of the"
                                    + " analysis (one each interval), more than a release's history holds: make the interval"
                                    + " at least "
                                    + Durations.text(step.pause()
                                            .dividedBy(CanaryAnalysis.MAX_LOOKS)
                                            .plusSeconds(1)
                                            .withNanos(0))
                                    + " or the pause shorter");
                }
            }
        }
    }
}
