package io.relman.cli.plan;

import io.relman.plan.Environment;
import io.relman.plan.LoadBalancer;
import java.util.List;
import java.util.Set;

/** Reads one environment of a plan: its own keys, and each of its sections through that section's reader. */
final class EnvironmentReader {
    static final Set<String> KEYS = Set.of(
            "host",
            "hosts",
            "spread",
            "network",
            "load_balancer",
            "database",
            "env",
            "approval",
            "min_free_disk",
            "steps",
            "notify",
            "maintenance");

    private EnvironmentReader() {}

    static Environment read(String name, Keys keys) {
        // In the order the keys were always read: the order of the problems of a plan.
        LoadBalancer loadBalancer = keys.mapping("load_balancer", LoadBalancerReader.KEYS, LoadBalancerReader::read);
        List<String> steps = keys.has("steps")
                ? keys.words("steps", "[preflight, backup, build, migrate, rollout, validate]")
                : null;
        return new Environment(
                name,
                keys.textOr("host", Environment.LOCAL_HOST),
                HostsReader.read(keys),
                keys.mapping("spread", SpreadReader.KEYS, SpreadReader::read),
                keys.text("network"),
                loadBalancer,
                keys.mapping("database", DatabaseReader.KEYS, DatabaseReader::read),
                keys.variables("env"),
                keys.mapping("approval", ApprovalReader.KEYS, ApprovalReader::read),
                keys.size("min_free_disk", Environment.DEFAULT_MIN_FREE_DISK_BYTES),
                steps,
                keys.entries("notify", NotifyReader.KEYS, NotifyReader::read),
                keys.mapping("maintenance", MaintenanceReader.KEYS, MaintenanceReader::read));
    }
}
