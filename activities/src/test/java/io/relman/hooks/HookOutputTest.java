package io.relman.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a hook's outcome and failure show of its output: the last lines of each stream, stderr last. */
@Timeout(10)
class HookOutputTest {
    @Test
    void eachStreamKeepsItsLastTwentyLinesAndStderrComesLast() {
        String out = HookActivitiesImpl.tail(lines("out", 30), lines("err", 25));

        assertThat(out.lines().toList())
                .hasSize(2 * HookActivitiesImpl.OUTPUT_LINES)
                .startsWith("out 11", "out 12")
                .contains("out 30", "err 6")
                .doesNotContain("out 10", "err 5")
                .endsWith("err 24", "err 25");
        assertThat(out).contains("out 30\nerr 6");
    }

    @Test
    void aShortStreamIsKeptWhole() {
        assertThat(HookActivitiesImpl.tail("warmed 3 pages\n", "slow page /items\n"))
                .isEqualTo("warmed 3 pages\nslow page /items");
    }

    @Test
    void anEmptyStreamIsLeftOut() {
        assertThat(HookActivitiesImpl.tail(lines("out", 3), "")).isEqualTo("out 1\nout 2\nout 3");
        assertThat(HookActivitiesImpl.tail("\n  \n", lines("err", 2))).isEqualTo("err 1\nerr 2");
        assertThat(HookActivitiesImpl.tail("", "")).isEmpty();
    }

    /** {@code count} lines, {@code stream 1} to {@code stream count}, each ended by a newline. */
    private static String lines(String stream, int count) {
        return IntStream.rangeClosed(1, count)
                .mapToObj(n -> stream + " " + n + "\n")
                .collect(Collectors.joining());
    }
}
