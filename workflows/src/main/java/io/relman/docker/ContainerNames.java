package io.relman.docker;

import java.util.Map;

/** Names and labels of the containers relman manages: one scheme, used by workflows and activities. */
public final class ContainerNames {
    public static final String LABEL_PROJECT = "relman.project";
    public static final String LABEL_ENVIRONMENT = "relman.environment";
    public static final String LABEL_SERVICE = "relman.service";
    public static final String LABEL_REPLICA = "relman.replica";
    public static final String LABEL_VERSION = "relman.version";
    public static final String LABEL_RELEASE = "relman.release";
    public static final String LABEL_STEP = "relman.step";
    /** On a migration's one-off container: the replica whose configuration it was made like. */
    public static final String LABEL_MADE_LIKE = "relman.made-like";

    /** On a canary: the service it is a canary of. */
    public static final String LABEL_CANARY_OF = "relman.canary-of";

    /** Suffix of the stopped container kept for rollback after a replacement. */
    public static final String KEPT_SUFFIX = "-previous";

    private ContainerNames() {}

    /**
     * {@code shop-demo-app-migrate-v2-1a2b3c4d} for run 1a2b3c4d…'s up-migration to v2,
     * {@code shop-demo-app-migrate-down-v2-1a2b3c4d} for its undo: a run finds its own container when an
     * attempt is retried, and never another run's. Runs started before the run was part of the name
     * ({@code run} null) keep the name they had.
     */
    public static String migration(
            String project, String environment, String service, String direction, String version, String run) {
        return project + "-" + environment + "-" + service + "-migrate-"
                + (direction.equals("up") ? "" : direction + "-") + version
                + (run == null ? "" : "-" + run.substring(0, Math.min(8, run.length())));
    }

    /**
     * The one-off container of try {@code attempt} of a hook: a try of its own, so that a later try never
     * adopts the container of one that failed.
     */
    public static String hook(
            String project, String environment, String service, String hook, String version, String run, int attempt) {
        return project + "-" + environment + "-" + service + "-hook-" + hook + "-" + version + "-"
                + run.substring(0, Math.min(8, run.length())) + "-" + attempt;
    }

    /**
     * {@code shop-demo-app-canary-1}: canary {@code n} of a service, a name of its own beside its replicas'
     * (whatever their template). A container of that name that is no canary (a service named app-canary) is
     * never replaced or removed: the canary's start is refused.
     */
    public static String canary(String project, String environment, String service, int n) {
        return project + "-" + environment + "-" + service + "-canary-" + n;
    }

    /**
     * A canary's labels: its project, environment, release and step, and {@link #LABEL_CANARY_OF} instead of
     * {@link #LABEL_SERVICE}, so that nothing that looks for a service's replicas by label finds a canary.
     */
    public static Map<String, String> canaryLabels(
            ReplicaSelector selector, String version, String release, String step) {
        return Map.of(
                LABEL_PROJECT,
                selector.project(),
                LABEL_ENVIRONMENT,
                selector.environment(),
                LABEL_CANARY_OF,
                selector.service(),
                LABEL_VERSION,
                version,
                LABEL_RELEASE,
                release,
                LABEL_STEP,
                step);
    }

    public static String kept(String container) {
        return container + KEPT_SUFFIX;
    }

    public static Map<String, String> labels(
            ReplicaSelector selector, int replica, String version, String release, String step) {
        return Map.of(
                LABEL_PROJECT, selector.project(),
                LABEL_ENVIRONMENT, selector.environment(),
                LABEL_SERVICE, selector.service(),
                LABEL_REPLICA, Integer.toString(replica),
                LABEL_VERSION, version,
                LABEL_RELEASE, release,
                LABEL_STEP, step);
    }
}
