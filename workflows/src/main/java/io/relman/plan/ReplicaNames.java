package io.relman.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of a service's replicas, from the template a plan gives ({@code replica_names}): whatever made
 * the containers (relman, docker compose v1 or v2, a person), the plan says what they are called.
 */
public final class ReplicaNames {
    /** relman's own names: {@code shop-demo-app-2}. */
    public static final String DEFAULT = "{project}-{environment}-{service}-{n}";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
    private static final List<String> KNOWN = List.of("project", "environment", "service", "n");

    private ReplicaNames() {}

    /** The name of replica {@code n} (from 1). */
    public static String render(String template, String project, String environment, String service, int n) {
        return (template == null ? DEFAULT : template)
                .replace("{project}", project)
                .replace("{environment}", environment)
                .replace("{service}", service)
                .replace("{n}", Integer.toString(n));
    }

    /** What is wrong with {@code template} for a service of {@code replicas} replicas; empty when usable. */
    static List<String> problems(String template, int replicas) {
        List<String> problems = new ArrayList<>();
        Matcher placeholder = PLACEHOLDER.matcher(template);
        while (placeholder.find()) {
            if (!KNOWN.contains(placeholder.group(1))) {
                problems.add("'{" + placeholder.group(1) + "}' is not a placeholder; use {project}, {environment},"
                        + " {service} and {n} (the replica's number, from 1)");
            }
        }
        if (replicas > 1 && !template.contains("{n}")) {
            problems.add("must contain {n}, the replica's number, to name " + replicas + " replicas apart, e.g. "
                    + "{service}-{n} or {project}_{service}_{n}");
        }
        return problems;
    }
}
