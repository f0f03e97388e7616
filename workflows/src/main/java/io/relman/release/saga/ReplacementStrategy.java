package io.relman.release.saga;

import io.relman.plan.UpdateOrder;

/**
 * One update order: how a replica's old copy makes way for the new one. Each order is a class of its own
 * on the shared {@link RolloutContext}; the undo, the batching of hosts and the pauses are the rollout's.
 */
interface ReplacementStrategy {
    /** Replaces {@code replica}: the new copy runs, ready and routed to, and the old one is kept, stopped. */
    void replace(Replica replica);

    /** The strategy for {@code order}. */
    static ReplacementStrategy of(UpdateOrder order, RolloutContext context) {
        return switch (order) {
            case STOP_FIRST -> new StopFirst(context);
            case START_FIRST -> new StartFirst(context);
            case DRAIN_FIRST -> new DrainFirst(context);
            case CANARY ->
                throw new IllegalArgumentException(
                        "a canary is not a way to replace one replica: its service's replicas are replaced in canary.then's"
                                + " order (Service#replacementOrder)");
        };
    }
}
