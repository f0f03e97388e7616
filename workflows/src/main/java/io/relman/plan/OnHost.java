package io.relman.plan;

/**
 * An activity's request that acts on one host's engine: {@code io.relman.temporal.HostRouting} sends it to
 * that host's own worker when the plan gives the host one.
 */
public interface OnHost {
    Host host();
}
