package io.relman.plan;

import java.time.Duration;

/**
 * The rules of an environment's {@code spread}: replicas over several hosts, each service the plan has, on
 * hosts the environment lists with an address, publishing its port where the load balancer reaches it (so
 * stop-first: a port binds once).
 */
final class SpreadRules {
    private SpreadRules() {}

    static void check(Problems problems, Plan plan, String path, Environment environment) {
        Spread spread = environment.spread();
        if (spread == null) {
            return;
        }
        String at = path + "/spread";
        int hostCount = Math.max(1, environment.hosts().size());
        if (spread.hostsAtOnce() < 1 || spread.hostsAtOnce() > hostCount) {
            problems.add(
                    at + "/hosts_at_once",
                    "must be from 1 (host by host) to " + hostCount + " (every host of the environment at once)");
        }
        problems.positiveUpTo(
                at + "/pause_between_hosts",
                spread.pauseBetweenHosts().isZero() ? null : spread.pauseBetweenHosts(),
                Duration.ofHours(1));
        spread.services().forEach((name, placement) -> {
            String where = at + "/services/" + name;
            Service service = plan.services().stream()
                    .filter(candidate -> candidate.name().equals(name))
                    .findFirst()
                    .orElse(null);
            if (service == null) {
                problems.addAtKey(where, "'" + name + "' is not a service of the plan");
            } else {
                placement(problems, path, where, environment, service, placement);
            }
        });
    }

    private static void placement(
            Problems problems,
            String path,
            String where,
            Environment environment,
            Service service,
            Spread.Placement placement) {
        String name = service.name();
        if (service.build() != null) {
            problems.add(
                    where,
                    "spreads " + name + ", which the plan builds: relman builds on one engine, and"
                            + " each host needs the same image. Build it elsewhere (CI), load it on every host, and"
                            + " remove build: from the service");
        }
        if (placement.hosts().isEmpty()) {
            problems.add(
                    where + "/hosts",
                    PlanMessages.missing("hosts", "the hosts its replicas run on, e.g. [web1, web2]"));
        }
        for (String hostName : placement.hosts()) {
            Host host = environment.hosts().get(hostName);
            if (host == null) {
                problems.add(where + "/hosts", "names '" + hostName + "', which is not under hosts:");
            } else if (host.address() == null) {
                problems.add(
                        path + "/hosts/" + hostName,
                        "needs address: where the other hosts reach the ports"
                                + " it publishes (its private address, e.g. 10.0.0.5), since " + name
                                + " spreads to it");
            }
        }
        if (service.servesTraffic() && placement.publish() == null) {
            problems.add(where, "needs publish: the host port its replicas publish for the load balancer, e.g. 18300");
        }
        if (service.hasCanary()) {
            problems.add(
                    where,
                    "spreads " + name + ", whose update_order is canary: canaries run on one engine only, for now;"
                            + " give " + name + " another update_order, or keep it on one host");
        }
        if (placement.publish() != null) {
            problems.range(where + "/publish", placement.publish(), 1024, 65535 - service.replicas());
            if (service.updateOrder().overlaps()) {
                problems.add(
                        where,
                        "publishes a host port, which two copies of a replica cannot share: give " + name
                                + " update_order: stop-first");
            }
        }
    }
}
