package io.relman.plan;

/**
 * How a replica is replaced (the {@code order} of docker compose's {@code update_config}).
 *
 * <p>{@link #STOP_FIRST}: the old replica leaves the load balancer and stops, then the new one starts
 * under its name; the service runs one replica short meanwhile. {@link #START_FIRST}: the new one
 * starts next to the old one and takes traffic before the old one leaves and stops (a surge of one
 * replica); it needs replicas that publish no host port, since two cannot bind one port.
 */
public enum UpdateOrder {
    STOP_FIRST("stop-first"),
    START_FIRST("start-first");

    private final String planName;

    UpdateOrder(String planName) {
        this.planName = planName;
    }

    /** As written in the plan: {@code stop-first} or {@code start-first}. */
    public String planName() {
        return planName;
    }
}
