package io.relman.plan;

/**
 * How a replica is replaced (the {@code order} of docker compose's {@code update_config}).
 *
 * <p>{@link #STOP_FIRST}: the old replica leaves the load balancer and stops, then the new one starts
 * under its name; the service runs one replica short meanwhile. {@link #START_FIRST}: the new one
 * starts next to the old one and takes traffic before the old one leaves and stops (a surge of one
 * replica); it needs replicas that publish no host port, since two cannot bind one port.
 * {@link #DRAIN_FIRST}: the old replica leaves the load balancer first, as with stop-first, and then
 * stops while the new one starts under its name, instead of before: the same traffic as stop-first,
 * about a second less a replica, but the two copies run together for as long as the stop takes, so it
 * needs a service behind the load balancer whose replicas publish no host port, and nothing in them
 * that two copies must not run at once.
 */
public enum UpdateOrder {
    STOP_FIRST("stop-first"),
    START_FIRST("start-first"),
    DRAIN_FIRST("drain-first"),
    /** The new version first as canaries beside the current replicas ({@link Canary}), then every replica. */
    CANARY("canary");

    private final String planName;

    UpdateOrder(String planName) {
        this.planName = planName;
    }

    /** As written in the plan: {@code stop-first}, {@code start-first}, {@code drain-first} or {@code canary}. */
    public String planName() {
        return planName;
    }

    /** Whether two copies of a replica run at once: they cannot share a published host port. */
    public boolean overlaps() {
        return this == START_FIRST || this == DRAIN_FIRST;
    }
}
