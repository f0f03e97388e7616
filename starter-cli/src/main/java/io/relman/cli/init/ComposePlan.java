package io.relman.cli.init;

import io.relman.nginx.NginxUpstreams;
import io.relman.nginx.NginxUpstreams.Upstream;
import io.relman.plan.LoadBalancer;
import io.relman.stack.StackContainer;
import io.relman.stack.StackDescription;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A plan for a compose project that runs, written from what the engine says of it: its containers, grouped
 * into services by image, named as they are named; its nginx, and the upstream that sends traffic to each
 * service; its PostgreSQL. What relman had to guess carries a comment that says so; what the user must
 * still change (nginx's configuration) is listed apart.
 */
public final class ComposePlan {
    private static final Pattern NUMBERED = Pattern.compile("(.*?)(\\d+)");
    private static final String GUESSED = "# guessed: ";

    /** The plan's text, and the changes to the stack the plan needs before relman can release it. */
    public record Written(String yaml, List<String> changesToMake) {}

    private final StackDescription stack;
    private final List<String> lines = new ArrayList<>();
    private final List<String> changes = new ArrayList<>();

    private ComposePlan(StackDescription stack) {
        this.stack = stack;
    }

    public static Written write(StackDescription stack, String environment) {
        ComposePlan plan = new ComposePlan(stack);
        plan.render(environment);
        return new Written(String.join("\n", plan.lines) + "\n", List.copyOf(plan.changes));
    }

    private void render(String environment) {
        List<Upstream> upstreams = stack.nginx().stream()
                .flatMap(dump -> NginxUpstreams.in(dump.configuration()).stream())
                .toList();
        List<String> nginxContainers = stack.nginx().stream()
                .map(StackDescription.NginxDump::container)
                .toList();
        Optional<StackContainer> database = stack.containers().stream()
                .filter(container -> !container.postgresEnv().isEmpty())
                .findFirst();
        Map<String, List<StackContainer>> services = services(nginxContainers, database);

        lines.add("# Written by relman init --from-compose " + stack.project() + " --env " + environment
                + " from the containers that run now.");
        lines.add(
                "# A line that ends in \"guessed: ...\" is relman's guess: check it. relman validate checks the rest.");
        lines.add("project: " + name(stack.project()));
        lines.add("environments:");
        lines.add("  " + environment + ":");
        lines.add("    network: " + network(services));
        loadBalancer(upstreams, services);
        database.ifPresent(this::database);
        lines.add("services:");
        services.forEach((service, containers) -> service(service, containers, upstreams));
    }

    /** The containers of each service to release: grouped by image repository, nginx and the database apart. */
    private Map<String, List<StackContainer>> services(List<String> nginx, Optional<StackContainer> database) {
        Map<String, List<StackContainer>> byRepository = stack.containers().stream()
                .filter(container -> !nginx.contains(container.name()))
                .filter(container ->
                        database.map(db -> !db.name().equals(container.name())).orElse(true))
                .collect(Collectors.groupingBy(
                        container -> repository(container.image()), TreeMap::new, Collectors.toList()));
        Map<String, List<StackContainer>> services = new LinkedHashMap<>();
        byRepository
                .values()
                .forEach(containers -> services.put(
                        serviceName(containers),
                        containers.stream()
                                .sorted(Comparator.comparing(StackContainer::name))
                                .toList()));
        return services;
    }

    private void loadBalancer(List<Upstream> upstreams, Map<String, List<StackContainer>> services) {
        if (stack.nginx().isEmpty()) {
            return;
        }
        List<Upstream> used = upstreams.stream()
                .filter(upstream -> services.values().stream().anyMatch(containers -> serves(upstream, containers)))
                .toList();
        // relman's directory: where the upstreams already have files of their own, else relman's default.
        String directory = used.stream()
                .filter(ComposePlan::inAFileOfItsOwn)
                .map(upstream -> parent(upstream.file()))
                .findFirst()
                .orElse(LoadBalancer.DEFAULT_CONFIG_DIR);
        lines.add("    load_balancer:");
        lines.add("      container: " + stack.nginx().get(0).container() + "   # its nginx -T names the replicas");
        lines.add("      config_dir: " + directory + "   # relman writes each service's upstream here, UPSTREAM.conf");
        for (Upstream upstream : used) {
            String ownFile = directory + "/" + upstream.name() + ".conf";
            if (!upstream.file().equals(ownFile) || !inAFileOfItsOwn(upstream)) {
                changes.add(NginxUpstreams.moveAdvice(upstream.name(), upstream.file(), directory));
            }
        }
    }

    private void database(StackContainer db) {
        Map<String, String> env = db.postgresEnv().stream()
                .collect(Collectors.toMap(
                        entry -> entry.substring(0, entry.indexOf('=')),
                        entry -> entry.substring(entry.indexOf('=') + 1)));
        lines.add("    database:");
        lines.add("      container: " + db.name());
        lines.add("      name: " + env.getOrDefault("POSTGRES_DB", env.getOrDefault("POSTGRES_USER", "postgres")));
        lines.add("      user: " + env.getOrDefault("POSTGRES_USER", "postgres"));
        lines.add("      password_env: " + name(stack.project()).toUpperCase().replace('-', '_') + "_DB_PASSWORD   "
                + GUESSED + "the worker's variable that holds the password");
    }

    private void service(String name, List<StackContainer> containers, List<Upstream> upstreams) {
        StackContainer first = containers.get(0);
        lines.add("  " + name + ":");
        lines.add("    image: " + repository(first.image()) + "   # runs " + first.image() + " now; built elsewhere, so"
                + " IMAGE:VERSION must be on the engine");
        lines.add("    replicas: " + containers.size());
        lines.add("    replica_names: \"" + template(containers) + "\"   # "
                + String.join(
                        ", ", containers.stream().map(StackContainer::name).toList()));
        Optional<Upstream> upstream =
                upstreams.stream().filter(up -> serves(up, containers)).findFirst();
        if (upstream.isPresent()) {
            Integer port = Upstream.port(upstream.get().servers().get(0));
            lines.add("    port: " + port + "   # nginx's upstream "
                    + upstream.get().name() + " sends traffic there");
            if (!upstream.get().name().equals(name)) {
                lines.add("    upstream: " + upstream.get().name());
            }
            lines.add("    healthcheck:");
            lines.add("      path: /health   " + GUESSED + "a path that answers 2xx when a replica is ready");
        } else {
            lines.add("    # no port: no nginx upstream sends it traffic; a replica is up by its image's HEALTHCHECK"
                    + (first.hasHealthcheck() ? " (it has one)" : ", else after min_uptime"));
            if (!first.hasHealthcheck()) {
                lines.add("    min_uptime: 10s   " + GUESSED + "how long a replica must run to count as up");
            }
        }
    }

    /** Whether the upstream's servers are these containers (by name or by compose service). */
    private static boolean serves(Upstream upstream, List<StackContainer> containers) {
        return !upstream.servers().isEmpty()
                && upstream.servers().stream()
                        .map(Upstream::host)
                        .allMatch(host -> containers.stream()
                                .anyMatch(container ->
                                        container.name().equals(host) || host.equals(container.composeService())));
    }

    /** {@code stack-api-1, stack-api-2} are {@code stack-api-{n}}; a single container is its own name. */
    static String template(List<StackContainer> containers) {
        if (containers.size() == 1) {
            return containers.get(0).name();
        }
        List<Matcher> numbered = containers.stream()
                .map(container -> NUMBERED.matcher(container.name()))
                .filter(Matcher::matches)
                .toList();
        boolean oneScheme = numbered.size() == containers.size()
                && numbered.stream().map(m -> m.group(1)).distinct().count() == 1;
        if (!oneScheme) {
            throw new IllegalArgumentException("the containers "
                    + containers.stream().map(StackContainer::name).toList()
                    + " share an image but no naming scheme NAME{n}: put them in services of their own");
        }
        return numbered.get(0).group(1) + "{n}";
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
        return name(stem);
    }

    private String network(Map<String, List<StackContainer>> services) {
        return services.values().stream()
                .flatMap(List::stream)
                .flatMap(container -> container.networks().stream())
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()))
                .entrySet()
                .stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse(stack.project() + "_default");
    }

    /** {@code registry:5000/acme/api:v1} is repository {@code registry:5000/acme/api}. */
    static String repository(String image) {
        String withoutDigest = image.split("@")[0];
        int colon = withoutDigest.lastIndexOf(':');
        return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.substring(0, colon) : withoutDigest;
    }

    /** A plan's names are lowercase letters, digits and dashes. */
    private static String name(String text) {
        return text.toLowerCase().replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
    }

    /** {@code upstream api} alone in {@code .../api.conf}: the file relman would write anyway. */
    private static boolean inAFileOfItsOwn(Upstream upstream) {
        return upstream.upstreamsInFile() == 1 && upstream.file().endsWith("/" + upstream.name() + ".conf");
    }

    private static String parent(String file) {
        Path parent = Path.of(file).getParent();
        return parent == null ? "/" : parent.toString();
    }
}
