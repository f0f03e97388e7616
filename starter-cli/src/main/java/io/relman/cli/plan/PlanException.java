package io.relman.cli.plan;

import java.util.List;

/** A plan that cannot be used, with every problem found: each names the file, the line and the fix. */
public class PlanException extends RuntimeException {
    private final List<String> problems;

    public PlanException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
