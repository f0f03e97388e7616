package io.relman.cli.init;

import io.relman.nginx.NginxUpstreams;
import io.relman.nginx.NginxUpstreams.Upstream;
import io.relman.plan.LoadBalancer;
import io.relman.stack.StackContainer;
import io.relman.stack.StackDescription;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * into services by image and command, named as they are named; its nginx, and the upstream that sends traffic to each
 * service; its PostgreSQL, MariaDB or MySQL. What relman had to guess carries a comment that says so; what
 * the user must still change (nginx's configuration) is listed apart.
 */
public final class ComposePlan {
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final String GUESSED = "# guessed: ";

    /**
     * The plan's text, the changes to the stack the plan needs before relman can release it, and what it
     * needs of the worker (null where it needs nothing): the variable with the database user's password and
     * the backup directory.
     */
    public record Written(
            String yaml, List<String> changesToMake, String passwordEnv, String databaseUser, String backupDir) {
        /** The lines for .relman/local.env that relman init prints last, and how to apply them. */
        public List<String> localEnvAdvice() {
            return LocalEnvAdvice.lines(this);
        }
    }

    private final StackDescription stack;
    private final HealthPaths healthPaths;
    private final List<String> lines = new ArrayList<>();
    private final List<String> changes = new ArrayList<>();
    private DatabaseSection.Needs databaseNeeds;

    private ComposePlan(StackDescription stack, HealthPaths healthPaths) {
        this.stack = stack;
        this.healthPaths = healthPaths;
    }

    /**
     * @param healthPaths asks a running replica which usual health path it answers
     * @param schema the JSON Schema of plans, for editors ({@code file:///.../docs/plan.schema.json})
     */
    public static Written write(StackDescription stack, String environment, HealthPaths healthPaths, String schema) {
        ComposePlan plan = new ComposePlan(stack, healthPaths);
        plan.lines.add("# yaml-language-server: $schema=" + schema);
        plan.render(environment);
        DatabaseSection.Needs needs = plan.databaseNeeds;
        return new Written(
                String.join("\n", plan.lines) + "\n",
                List.copyOf(plan.changes),
                needs == null ? null : needs.passwordEnv(),
                needs == null ? null : needs.user(),
                needs == null ? null : needs.backupDir());
    }

    private void render(String environment) {
        List<Upstream> upstreams = stack.nginx().stream()
                .flatMap(dump -> NginxUpstreams.in(dump.configuration()).stream())
                .toList();
        List<String> nginxContainers = stack.nginx().stream()
                .map(StackDescription.NginxDump::container)
                .toList();
        Optional<DatabaseSection> database = DatabaseSection.of(stack);
        Map<String, List<StackContainer>> services =
                services(nginxContainers, database.map(DatabaseSection::container));

        lines.add("# Written by relman init --from-compose " + YamlText.oneLine(stack.project()) + " --env "
                + environment + " from the containers that run now.");
        lines.add("# A line that ends in \"guessed: ...\" is relman's guess: check it; \"found: ...\" was asked of a"
                + " running replica. relman validate checks the rest.");
        lines.add("project: " + name(stack.project()));
        lines.add("environments:");
        lines.add("  " + environment + ":");
        lines.add("    network: " + YamlText.quoted(network(services)));
        loadBalancer(upstreams, services);
        database.ifPresent(db -> databaseNeeds = db.write(lines, name(stack.project()), environment));
        lines.add("services:");
        services.forEach((service, containers) -> service(service, containers, upstreams));
    }

    /** The containers of each service to release, by image and command (see {@link ServiceGroups}). */
    private Map<String, List<StackContainer>> services(List<String> nginx, Optional<StackContainer> database) {
        return ServiceGroups.of(stack.containers().stream()
                .filter(container -> !nginx.contains(container.name()))
                .filter(container ->
                        database.map(db -> !db.name().equals(container.name())).orElse(true))
                .toList());
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
        lines.add("      container: " + YamlText.quoted(stack.nginx().get(0).container())
                + "   # its nginx -T names the replicas");
        lines.add("      config_dir: " + YamlText.quoted(directory)
                + "   # relman writes each service's upstream here, UPSTREAM.conf");
        for (Upstream upstream : used) {
            String ownFile = directory + "/" + upstream.name() + ".conf";
            if (!upstream.file().equals(ownFile) || !inAFileOfItsOwn(upstream)) {
                changes.add(NginxUpstreams.moveAdvice(upstream.name(), upstream.file(), directory));
            }
        }
    }

    private void service(String name, List<StackContainer> containers, List<Upstream> upstreams) {
        StackContainer first = containers.get(0);
        lines.add("  " + name + ":");
        lines.add("    image: " + YamlText.quoted(repository(first.image())) + "   # runs "
                + YamlText.oneLine(first.image()) + " now; built elsewhere, so IMAGE:VERSION must be on the engine");
        lines.add("    replicas: " + containers.size());
        lines.add("    replica_names: " + YamlText.quoted(template(containers)) + "   # "
                + YamlText.oneLine(String.join(
                        ", ", containers.stream().map(StackContainer::name).toList())));
        Optional<Upstream> upstream =
                upstreams.stream().filter(up -> serves(up, containers)).findFirst();
        if (upstream.isPresent()) {
            Integer port = Upstream.port(upstream.get().servers().get(0));
            lines.add("    port: " + port + "   # nginx's upstream "
                    + YamlText.oneLine(upstream.get().name()) + " sends traffic there");
            if (!upstream.get().name().equals(name)) {
                lines.add("    upstream: " + YamlText.quoted(upstream.get().name()));
            }
            lines.add("    healthcheck:");
            Optional<StackContainer> running =
                    containers.stream().filter(StackContainer::running).findFirst();
            lines.add("      "
                    + (running.isEmpty()
                            ? HealthPathLine.guessed("no replica runs to ask")
                            : port == null
                                    ? HealthPathLine.guessed("nginx's upstream names no port to ask on")
                                    : HealthPathLine.of(
                                            healthPaths,
                                            stack.nginx().get(0).container(),
                                            running.get().name(),
                                            port)));
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

    /**
     * {@code stack-api-1, stack-api-2} are {@code stack-api-{n}}, {@code forge-web-1-prod, forge-web-2-prod} are
     * {@code forge-web-{n}-prod}: one run of digits, wherever it is, tells the replicas apart, and the rest of
     * their names is the same (the last such run when several would). A single container is its own name.
     */
    static String template(List<StackContainer> containers) {
        if (containers.size() == 1) {
            return containers.get(0).name();
        }
        List<String> names = containers.stream().map(StackContainer::name).toList();
        Matcher digits = DIGITS.matcher(names.get(0));
        String found = null;
        while (digits.find()) {
            String prefix = names.get(0).substring(0, digits.start());
            String suffix = names.get(0).substring(digits.end());
            Pattern scheme = Pattern.compile(Pattern.quote(prefix) + "(\\d+)" + Pattern.quote(suffix));
            List<Matcher> numbered =
                    names.stream().map(scheme::matcher).filter(Matcher::matches).toList();
            if (numbered.size() == names.size()
                    && numbered.stream().map(m -> m.group(1)).distinct().count() == names.size()) {
                if (numbered.stream().anyMatch(m -> m.group(1).startsWith("0"))) {
                    throw new IllegalArgumentException("the containers " + names + " are numbered with leading zeros,"
                            + " and relman names replicas " + prefix + "1" + suffix + ", " + prefix + "2" + suffix
                            + "...: rename them that way");
                }
                found = prefix + "{n}" + suffix;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException(
                    "the containers " + names + " run one image with one command but their names differ in"
                            + " more than one number, so relman cannot name their replicas by a scheme like NAME-{n} or"
                            + " NAME-{n}-prod: give each its own compose service, or rename them to differ only in a number");
        }
        return found;
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
    static String name(String text) {
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
