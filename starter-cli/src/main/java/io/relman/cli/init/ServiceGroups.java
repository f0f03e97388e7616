package io.relman.cli.init;

import io.relman.stack.StackContainer;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The services relman init finds among a compose project's containers: one image run with one command is one
 * service, so a Laravel-style app whose image runs as web replicas, a scheduler and queue workers is three
 * services, each rolled out on its own terms.
 */
final class ServiceGroups {
    private ServiceGroups() {}

    /** Each service's name and its containers, sorted by name; nginx and the database are left out by the caller. */
    static Map<String, List<StackContainer>> of(List<StackContainer> containers) {
        Map<String, List<StackContainer>> byImageAndCommand = containers.stream()
                .collect(Collectors.groupingBy(
                        container -> ComposePlan.repository(container.image()) + "\u0000"
                                + String.join("\u0000", container.command()),
                        TreeMap::new,
                        Collectors.toList()));
        Map<String, List<StackContainer>> services = new LinkedHashMap<>();
        // The group with the most containers (the web replicas, not a one-off horizon) keeps the plain name.
        byImageAndCommand.values().stream()
                .sorted(Comparator.comparingInt((List<StackContainer> group) -> group.size())
                        .reversed())
                .forEach(group -> {
                    List<StackContainer> sorted = group.stream()
                            .sorted(Comparator.comparing(StackContainer::name))
                            .toList();
                    services.put(uniqueName(serviceName(sorted), sorted, services), sorted);
                });
        return services;
    }

    /** The compose service's name, or the one its replicas' compose services share ({@code api1, api2}: api). */
    private static String serviceName(List<StackContainer> containers) {
        List<String> composeServices = containers.stream()
                .map(StackContainer::composeService)
                .distinct()
                .toList();
        String stem = composeServices.size() == 1
                ? composeServices.get(0)
                : composeServices.get(0).replaceAll("[-_]?\\d+$", "");
        return ComposePlan.name(stem);
    }

    /**
     * Two groups that would get one name (one compose service whose containers run two commands, {@code api} and
     * {@code api1, api2}) are told apart by the last word of the smaller one's command ({@code web-horizon}), else
     * by a number: one must never silently take the other's place in the plan.
     */
    private static String uniqueName(String name, List<StackContainer> group, Map<String, ?> taken) {
        if (!taken.containsKey(name)) {
            return name;
        }
        List<String> command = group.get(0).command();
        if (!command.isEmpty()) {
            String word = ComposePlan.name(command.get(command.size() - 1));
            if (!word.isEmpty() && !taken.containsKey(name + "-" + word)) {
                return name + "-" + word;
            }
        }
        int n = 2;
        while (taken.containsKey(name + "-" + n)) {
            n++;
        }
        return name + "-" + n;
    }
}
