package io.relman.cli.plan;

import io.relman.cli.yaml.YamlDocument.Entry;
import io.relman.cli.yaml.YamlDocument.YamlList;
import io.relman.cli.yaml.YamlDocument.YamlMap;
import io.relman.cli.yaml.YamlDocument.YamlNode;
import io.relman.cli.yaml.YamlDocument.YamlScalar;
import io.relman.plan.Durations;
import io.relman.plan.PlanMessages;
import io.relman.plan.PlanProblem;
import io.relman.plan.Sizes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The keys of one mapping of the plan, which every section's reader reads its values from. Each reader
 * returns what the plan holds, or its default when the key is absent; a value of the wrong shape is a
 * problem, and reads as a value that the validator refuses (text "", number 0) so that the plan can still
 * be checked as a whole. A key the mapping does not allow is a problem too, so a typo never silently falls
 * back to a default.
 */
final class Keys {
    /** Where the plan is (files it names are relative to it) and the problems found so far in it. */
    private record Reading(Path directory, String source, List<PlanProblem> problems) {}

    private final Reading reading;
    private final String path;
    private final Map<String, YamlNode> values = new LinkedHashMap<>();

    private Keys(Reading reading, YamlNode node, String path, Set<String> allowed) {
        this.reading = reading;
        this.path = path;
        if (!(node instanceof YamlMap map)) {
            problem(path, "must be a mapping of keys (" + sorted(allowed) + ")");
            return;
        }
        for (Entry entry : map.entries()) {
            if (!allowed.contains(entry.key())) {
                reading.problems()
                        .add(new PlanProblem(
                                join(path, entry.key()), "unknown key; the keys here are " + sorted(allowed), true));
            } else {
                values.put(entry.key(), entry.value());
            }
        }
    }

    /** The top mapping of a plan in {@code directory}, whose problems are added to {@code problems}. */
    static Keys top(YamlMap top, Set<String> allowed, Path directory, String source, List<PlanProblem> problems) {
        return new Keys(new Reading(directory, source, problems), top, "", allowed);
    }

    /** Where this mapping is in the plan, e.g. {@code services/app}. */
    String path() {
        return path;
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    YamlNode node(String key) {
        return values.get(key);
    }

    /** A section of this mapping, as {@code read} reads its keys; null when the plan leaves it out. */
    <T> T mapping(String key, Set<String> allowed, Function<Keys, T> read) {
        return has(key) ? read.apply(new Keys(reading, node(key), join(path, key), allowed)) : null;
    }

    /** The entries of a section that maps names to settings, each read by {@code entry}. */
    <T> List<T> entries(String section, Set<String> allowed, BiFunction<String, Keys, T> entry) {
        List<T> read = new ArrayList<>();
        if (node(section) instanceof YamlMap map) {
            for (Entry named : map.entries()) {
                read.add(entry.apply(
                        named.key(),
                        new Keys(reading, named.value(), join(path, section) + "/" + named.key(), allowed)));
            }
        }
        if (read.isEmpty() && has(section)) {
            problem(join(path, section), "must map names to their settings, with at least one entry");
        }
        return read;
    }

    /**
     * The items of a list of mappings ({@code steps: [{weight: 10}, {pause: 5m}]}), each read by {@code item}
     * with its place (from 1) in the list; a problem, and none, when it is not a list.
     */
    <T> List<T> items(String key, Set<String> allowed, Function<Keys, T> item, String example) {
        List<T> read = new ArrayList<>();
        if (!(node(key) instanceof YamlList list) || list.items().isEmpty()) {
            problem(join(path, key), "must be a list of mappings, e.g. " + example);
            return read;
        }
        for (int i = 0; i < list.items().size(); i++) {
            read.add(item.apply(new Keys(reading, list.items().get(i), join(path, key) + "/" + (i + 1), allowed)));
        }
        return read;
    }

    String text(String key) {
        return has(key) ? node(key) instanceof YamlScalar scalar ? scalar.value() : "" : null;
    }

    String textOr(String key, String fallback) {
        return has(key) ? text(key) : fallback;
    }

    /** A file or directory the plan names, relative to the plan: as the worker will open it. */
    String fileOr(String key, String fallback) {
        String named = textOr(key, fallback);
        return named == null || named.isBlank() ? named : resolve(named).toString();
    }

    /** A path on this machine, relative to the plan. */
    Path resolve(String relative) {
        return reading.directory().resolve(relative).normalize();
    }

    /** The plan's file, as its problems name it. */
    String source() {
        return reading.source();
    }

    int number(String key, int fallback) {
        if (!has(key)) {
            return fallback;
        }
        try {
            return Integer.parseInt(text(key));
        } catch (NumberFormatException notANumber) {
            return 0;
        }
    }

    /** {@code true} or {@code false}; a problem, and the fallback, when it is neither. */
    boolean flag(String key, boolean fallback) {
        return parsed(
                key,
                fallback,
                text -> switch (text) {
                    case "true" -> Optional.of(true);
                    case "false" -> Optional.of(false);
                    default -> Optional.empty();
                },
                "must be true or false");
    }

    Duration duration(String key, Duration fallback) {
        return parsed(key, fallback, Durations::parse, Durations.PROBLEM);
    }

    long size(String key, long fallback) {
        return parsed(key, fallback, Sizes::parse, Sizes.PROBLEM);
    }

    /** A value of a form of its own (a duration, a size): a problem, and the fallback, when it is not. */
    private <T> T parsed(String key, T fallback, Function<String, Optional<T>> parse, String problem) {
        if (!has(key)) {
            return fallback;
        }
        return parse.apply(text(key)).orElseGet(() -> {
            problem(join(path, key), problem);
            return fallback;
        });
    }

    /** A list of words: a command's argv (never a shell line), endpoints, step names. */
    List<String> words(String key, String example) {
        if (node(key) instanceof YamlList list
                && !list.items().isEmpty()
                && list.items().stream().allMatch(YamlScalar.class::isInstance)) {
            return list.items().stream()
                    .map(item -> ((YamlScalar) item).value())
                    .toList();
        }
        problem(join(path, key), PlanMessages.words(example));
        return List.of();
    }

    /** A mapping of variable names to values (or to the names of the worker's variables). */
    Map<String, String> variables(String key) {
        Map<String, String> variables = new LinkedHashMap<>();
        if (!has(key)) {
            return variables;
        }
        if (!(node(key) instanceof YamlMap map)) {
            problem(join(path, key), "must map names to values, e.g. NAME: value");
            return variables;
        }
        for (Entry entry : map.entries()) {
            if (entry.value() instanceof YamlScalar value) {
                variables.put(entry.key(), value.value());
            } else {
                problem(
                        join(path, key) + "/" + entry.key(),
                        "must be a single value; quote it if it looks like a list or mapping");
            }
        }
        return variables;
    }

    /** A problem of the plan's form at {@code at}, a path from the plan's top. */
    void problem(String at, String message) {
        reading.problems().add(new PlanProblem(at, message, false));
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "/" + key;
    }

    private static String sorted(Set<String> keys) {
        return String.join(", ", keys.stream().sorted().toList());
    }
}
