package io.relman.cli.yaml;

import java.util.List;

/** A file that cannot be read as YAML, with every problem found and its line. */
public class YamlException extends RuntimeException {
    /** A problem at {@code path} (empty for the whole file) on {@code line} (1-based; 0 when no line applies). */
    public record Problem(String path, String message, int line) {}

    private final String source;
    private final List<Problem> problems;

    YamlException(String source, List<Problem> problems) {
        super(source + ": " + problems);
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    YamlException(String message, String source, int line) {
        this(source, List.of(new Problem("", message, line)));
    }

    public List<Problem> problems() {
        return problems;
    }

    public String source() {
        return source;
    }
}
