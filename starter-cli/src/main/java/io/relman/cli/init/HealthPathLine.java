package io.relman.cli.init;

import io.relman.stack.HealthPathSearch.Answer;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The plan's {@code healthcheck: path:} line: the first usual path a running replica answered 2xx, or a guess. */
final class HealthPathLine {
    /** Where nothing answered: the most common path, for the user to correct. */
    static final String GUESS = HealthPaths.USUAL.get(0);

    private static final int REASON_LENGTH = 160;

    private HealthPathLine() {}

    /** {@code path: /healthz   # found: GET /healthz answered 200}, or the guess and why it is one. */
    static String of(HealthPaths probe, String loadBalancer, String replica, int port) {
        List<Answer> answers;
        try {
            answers = probe.probe(loadBalancer, replica, port, HealthPaths.USUAL);
        } catch (RuntimeException noProbe) {
            return guessed("no probe ran (" + shortened(noProbe.getMessage()) + ")");
        }
        Optional<Answer> found = answers.stream().filter(Answer::ok).findFirst();
        if (found.isPresent()) {
            return "path: " + found.get().path() + "   # found: GET "
                    + found.get().path() + " answered " + found.get().status();
        }
        if (answers.isEmpty()) {
            return guessed("no path was tried");
        }
        Optional<String> error = answers.stream()
                .map(Answer::error)
                .filter(reason -> reason != null)
                .findFirst();
        return guessed("no usual path answered 2xx on " + replica + ":" + port + " ("
                + answers.stream().map(HealthPathLine::said).collect(Collectors.joining(", "))
                + error.map(reason -> "; " + shortened(reason)).orElse("") + ")");
    }

    /** The guess, and {@code why} no replica was asked or none answered. */
    static String guessed(String why) {
        return "path: " + GUESS + "   # guessed: " + YamlText.oneLine(why)
                + "; set the path that answers 2xx when a replica is ready";
    }

    private static String said(Answer answer) {
        return answer.path() + " " + (answer.status() > 0 ? Integer.toString(answer.status()) : "no answer");
    }

    private static String shortened(String text) {
        String line = text == null
                ? "no reason given"
                : text.strip().lines().findFirst().orElse("");
        return line.length() > REASON_LENGTH ? line.substring(0, REASON_LENGTH) + "..." : line;
    }
}
