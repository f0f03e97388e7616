package io.relman.cli.plan;

import io.relman.plan.Spread;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads an environment's {@code spread}: which hosts each service's replicas run on, and at what pace. */
final class SpreadReader {
    static final Set<String> KEYS = Set.of("hosts_at_once", "pause_between_hosts", "services");
    private static final Set<String> PLACEMENT_KEYS = Set.of("hosts", "publish");

    private SpreadReader() {}

    static Spread read(Keys keys) {
        return new Spread(
                keys.entries("services", PLACEMENT_KEYS, SpreadReader::placement).stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (first, second) -> first)),
                keys.number("hosts_at_once", Spread.DEFAULT_HOSTS_AT_ONCE),
                keys.duration("pause_between_hosts", Spread.DEFAULT_PAUSE_BETWEEN_HOSTS));
    }

    private static Map.Entry<String, Spread.Placement> placement(String service, Keys keys) {
        return Map.entry(
                service,
                new Spread.Placement(
                        keys.has("hosts") ? keys.words("hosts", "[web1, web2]") : List.of(),
                        keys.has("publish") ? keys.number("publish", 0) : null));
    }
}
