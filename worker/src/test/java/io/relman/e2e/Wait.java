package io.relman.e2e;

import io.relman.support.Pause;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds, or fails the test naming what it waited for. */
final class Wait {
    private Wait() {}

    static void until(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what);
            }
            Pause.of(Duration.ofMillis(50));
        }
    }
}
