package io.relman.support;

import java.time.Duration;

/** Thread.sleep for activities' polling loops, turning an interrupt into an unchecked failure. */
public final class Pause {
    private Pause() {}

    public static void of(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
