package io.relman.cli.plan;

import io.relman.plan.Host;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads an environment's {@code hosts}: how the worker reaches each, and through which bastion. */
final class HostsReader {
    static final Set<String> KEYS =
            Set.of("ssh", "key", "key_env", "passphrase_env", "known_hosts", "address", "jump", "worker");

    private HostsReader() {}

    static Map<String, Host> read(Keys environment) {
        return withJumps(environment.entries("hosts", KEYS, HostsReader::host).stream()
                .collect(Collectors.toMap(Host::name, host -> host, (first, second) -> first)));
    }

    private static Host host(String name, Keys keys) {
        return new Host(
                name,
                keys.text("ssh"),
                keys.fileOr("key", null),
                keys.text("key_env"),
                keys.text("passphrase_env"),
                keys.fileOr("known_hosts", null),
                keys.text("address"),
                keys.has("jump") ? new Host(keys.text("jump"), null, null, null, null, null, null, null, null) : null,
                keys.text("worker"));
    }

    /**
     * Each host's jump, named in the plan, as the host it names (one hop: the bastion's own jump stays a
     * name, which the validator refuses). A name that is not a host stays a name, for the validator too.
     */
    private static Map<String, Host> withJumps(Map<String, Host> hosts) {
        Map<String, Host> resolved = new LinkedHashMap<>();
        hosts.forEach((name, host) -> resolved.put(
                name,
                host.jump() == null || !hosts.containsKey(host.jump().name())
                        ? host
                        : host.through(hosts.get(host.jump().name()))));
        return resolved;
    }
}
