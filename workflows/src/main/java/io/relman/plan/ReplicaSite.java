package io.relman.plan;

/**
 * Where one replica runs, and how the load balancer and the probes reach it.
 *
 * @param host the machine whose engine runs it
 * @param server {@code NAME:PORT} on the stack's docker network, or {@code ADDRESS:PORT} for a replica
 *     spread to a host (the port it publishes there); null for a service without a port
 * @param publishedPort the host port it publishes on {@code host}'s address, or null
 */
public record ReplicaSite(Host host, String server, Integer publishedPort) {}
