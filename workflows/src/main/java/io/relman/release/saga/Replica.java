package io.relman.release.saga;

import io.relman.docker.StopReplicaRequest;
import io.relman.plan.Host;
import io.relman.plan.Service;
import io.temporal.workflow.Promise;
import java.util.List;
import java.util.TreeSet;

/**
 * One replica being replaced: its name and host, the step its containers are labelled with, and whether an
 * old copy ran. {@code oldStopping} holds the old copy's stop while it runs on next to the new one's start
 * (drain-first), so that an undo can wait for it.
 */
record Replica(
        ServiceRollout rollout,
        int index,
        String name,
        Host host,
        String step,
        String where,
        boolean hadOld,
        List<Promise<Void>> oldStopping) {

    Service service() {
        return rollout.service();
    }

    /** The replicas nginx routes the service's traffic to, as the rollout changes them. */
    TreeSet<String> upstream() {
        return rollout.inUpstream();
    }

    /** The old copy, stopped or set aside under its kept name, for the undo to put back. */
    StopReplicaRequest keep() {
        return new StopReplicaRequest(host, name, step, service().stopGracePeriod());
    }
}
