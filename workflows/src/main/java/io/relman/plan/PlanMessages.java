package io.relman.plan;

import java.util.List;

/**
 * How the problems of a plan read, in one place: the shapes every section's rules and the CLI's reader
 * share (a missing key, a range, a list of words, a host that is not one), and the refusal a release
 * manager gets. The README and the tests quote these words, so they change only on purpose.
 */
public final class PlanMessages {
    /** What a migration command looks like: argv, run without a shell. */
    public static final String COMMAND_EXAMPLE = "[alembic, upgrade, head] (argv, no shell)";

    /** The events a webhook of {@code notify} is most often given. */
    public static final String NOTIFY_EVENTS_EXAMPLE = "[started, succeeded, failed, undone, undo_incomplete]";

    private PlanMessages() {}

    /** What a release manager reads when a plan breaks rules: every problem, and that nothing changed. */
    public static String refusal(String source, List<String> problems) {
        return "the plan " + source + " cannot be used; nothing was changed:\n  " + String.join("\n  ", problems);
    }

    /** A problem as the CLI prints it: with the file and line it is at. */
    public static String located(String text, String source, int line) {
        return text + " (" + source + ":" + line + ")";
    }

    /** The problem of a number out of its range, or not a number at all. */
    static String range(int min, int max) {
        return "must be a whole number from " + min + " to " + max;
    }

    /** A required key that the plan leaves out, and what to give it. */
    static String missing(String key, String what) {
        return "is missing; add " + key + ": " + what;
    }

    /** A list the plan must give as words (a command's argv, endpoints, step names). */
    public static String words(String example) {
        return "must be a non-empty list of words, e.g. " + example;
    }

    /** A host an environment names that it does not list. */
    static String notAHost(Environment environment, String name) {
        return "'" + name + "' is neither local nor one of hosts ("
                + (environment.hosts().isEmpty() ? "none is listed" : String.join(", ", hostNames(environment)))
                + ")";
    }

    /** A host a container is said to run on that the environment does not list. */
    static String notAnEngineHost(Environment environment, String name, String container) {
        return notAHost(environment, name) + "; name the host whose docker engine runs " + container;
    }

    static List<String> hostNames(Environment environment) {
        return environment.hosts().keySet().stream().sorted().toList();
    }
}
