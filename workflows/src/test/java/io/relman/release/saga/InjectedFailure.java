package io.relman.release.saga;

import java.util.List;
import java.util.function.Consumer;

/**
 * A row of a release workflow's failure table: where a failure is injected into the mocked stack,
 * and the undo steps that must run after it, in order.
 */
record InjectedFailure(String failingStep, Consumer<StackMocks> inject, List<String> undo) {
    @Override
    public String toString() {
        return failingStep;
    }
}
