package io.relman.release.saga;

import io.relman.plan.Host;
import io.relman.plan.ReleaseStep;
import io.relman.plan.Service;
import io.relman.plan.Spread;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * The order a service's replicas are replaced in, host by host: 1..N on one host; over several, the hosts
 * in the plan's order, one at a time or the spread's {@code hosts_at_once} together, with the plan's pause
 * between them, so that a bad release stops on the first host (or batch of hosts).
 */
final class HostBatches {
    private final Release release;
    /** Whether a watched replica broke ({@code healthcheck.monitor}): the pause between hosts ends then. */
    private final BooleanSupplier broke;

    HostBatches(Release release, BooleanSupplier broke) {
        this.release = release;
        this.broke = broke;
    }

    /** Replaces every replica of {@code service}, by its index, batch after batch. */
    void forEachReplica(Service service, IntConsumer replace) {
        int hostsAtOnce = release.environment.spread() == null
                ? 1
                : release.environment.spread().hostsAtOnce();
        if (hostsAtOnce > 1 && release.environment.placementOf(service) != null) {
            replaceHostsAtOnce(service, hostsAtOnce, replace);
            return;
        }
        Host previousHost = null;
        for (int index : order(service)) {
            String name = service.replicaName(release.plan.project(), release.environment.name(), index);
            Host host = release.hostOf(name);
            if (previousHost != null && !host.equals(previousHost)) {
                nextHost(service, previousHost.name(), host.name());
            }
            previousHost = host;
            replace.accept(index);
        }
    }

    /**
     * {@code hostsAtOnce} hosts at a time, each host's replicas one at a time, and the next batch of hosts
     * once every replica of this one is healthy. A failure on one host lets the others finish the replica
     * they are replacing and replace no other, so that the undo starts from a known state on every host.
     */
    private void replaceHostsAtOnce(Service service, int hostsAtOnce, IntConsumer replace) {
        Spread.Placement placement = release.environment.placementOf(service);
        List<String> hosts = placement.hosts();
        boolean[] failed = {false};
        List<String> previousBatch = null;
        for (int first = 0; first < hosts.size(); first += hostsAtOnce) {
            List<String> batch = hosts.subList(first, Math.min(hosts.size(), first + hostsAtOnce));
            if (previousBatch != null) {
                nextHost(service, String.join(", ", previousBatch), String.join(", ", batch));
            }
            previousBatch = batch;
            List<Promise<Void>> running = new ArrayList<>();
            for (String host : batch) {
                running.add(Async.procedure(() -> {
                    for (int index : order(service)) {
                        if (failed[0]) {
                            return;
                        }
                        if (placement.hostOf(index).equals(host)) {
                            try {
                                replace.accept(index);
                            } catch (RuntimeException failure) {
                                failed[0] = true;
                                throw failure;
                            }
                        }
                    }
                }));
            }
            RuntimeException firstFailure = null;
            for (Promise<Void> host : running) {
                try {
                    host.get();
                } catch (RuntimeException failure) {
                    firstFailure = firstFailure == null ? failure : firstFailure;
                }
            }
            if (firstFailure != null) {
                throw firstFailure;
            }
        }
    }

    /** 1..N; over several hosts, host by host (the hosts in the plan's order). */
    private List<Integer> order(Service service) {
        List<Integer> order = new ArrayList<>();
        Spread.Placement placement = release.environment.placementOf(service);
        for (String host : placement == null ? List.of("") : placement.hosts()) {
            for (int index = 1; index <= service.replicas(); index++) {
                if (placement == null || placement.hostOf(index).equals(host)) {
                    order.add(index);
                }
            }
        }
        return order;
    }

    /** Between two hosts (or batches of hosts): every replica on the first is healthy; the plan's pause, then the next. */
    private void nextHost(Service service, String done, String next) {
        Duration pause = release.environment.spread().pauseBetweenHosts();
        release.progress.report(
                ReleaseStep.ROLLOUT,
                service.name(),
                release.replaced.size(),
                release.replaced.size(),
                release.replicasTotal,
                "every replica of " + service.name() + " on " + done + " is healthy; "
                        + (pause.isZero() ? "" : "waiting " + pause.toSeconds() + " s, then ") + "on to "
                        + next);
        if (pause.isZero()) {
            return;
        }
        if (release.plan.services().stream().anyMatch(RolloutMonitor::watches)) {
            Workflow.await(pause, broke::getAsBoolean); // the next replica's start fails the release if one broke
        } else {
            Workflow.sleep(pause); // as runs recorded before monitor
        }
    }
}
