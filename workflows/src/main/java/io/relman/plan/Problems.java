package io.relman.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The problems found in a plan so far, and the checks every section of it uses. */
final class Problems {
    /** Names, paths and the like: Docker's own limits are near this, and longer is a mistake. */
    static final int MAX_TEXT = 255;

    static final Pattern ENV_VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    static final Pattern CONTAINER = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    /** Absolute, and no {@code .} or {@code ..} step: relman writes there, and only there. */
    static final Pattern ABSOLUTE_DIRECTORY = Pattern.compile("(/(?!\\.\\.?(/|$))[A-Za-z0-9_.@+-]+)+/?");

    static final String ENTRY_NAME_WHAT = "lowercase letters, digits and dashes (it becomes part of container names)";
    private static final String VARIABLE_WHAT = "a variable name: letters, digits and _, not starting with a digit";

    private final List<PlanProblem> found = new ArrayList<>();

    List<PlanProblem> found() {
        return List.copyOf(found);
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    void add(String path, String message) {
        found.add(PlanProblem.at(path, message));
    }

    void add(PlanProblem problem) {
        found.add(problem);
    }

    /** A problem of an entry's name (its key), not of its value. */
    void addAtKey(String path, String message) {
        found.add(PlanProblem.atKey(path, message));
    }

    /** Whether a required section is missing, which is then a problem. */
    boolean missing(String path, Object section, String what) {
        if (section == null) {
            add(path, PlanMessages.missing(key(path), what));
        }
        return section == null;
    }

    void text(String path, String value, Pattern pattern, String what, boolean required) {
        if (value == null) {
            if (required) {
                add(path, PlanMessages.missing(key(path), what));
            }
        } else if (value.length() > MAX_TEXT) {
            add(path, "is " + value.length() + " characters long; keep it to " + MAX_TEXT + " at most");
        } else if (!pattern.matcher(value).matches()) {
            add(path, "must be " + what);
        }
    }

    void range(String path, int value, int min, int max) {
        if (value < min || value > max) {
            add(path, PlanMessages.range(min, max));
        }
    }

    /** A positive duration of at most a year (an approval's timeout, a backup's age). */
    void positive(String path, Duration duration) {
        positiveUpTo(path, duration, Duration.ofDays(366));
    }

    /** A positive duration of at most {@code max}: a step that waits longer is a typo, not a plan. */
    void positiveUpTo(String path, Duration duration, Duration max) {
        if (duration != null && !isPositive(duration)) {
            add(path, Durations.PROBLEM);
        } else if (duration != null && duration.compareTo(max) > 0) {
            add(path, "must be at most " + Durations.text(max) + "; " + Durations.text(duration) + " is too long");
        }
    }

    static boolean isPositive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    /** Names of variables: the keys of {@code env}, {@code secret_env} and build args. */
    void variables(String path, Map<String, String> variables) {
        variables.keySet().stream()
                .sorted()
                .filter(name -> !ENV_VAR.matcher(name).matches())
                .forEach(name -> addAtKey(path + "/" + name, "must be " + VARIABLE_WHAT));
    }

    private static String key(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
