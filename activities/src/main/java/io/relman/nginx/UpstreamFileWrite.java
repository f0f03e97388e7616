package io.relman.nginx;

import io.relman.temporal.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.util.Optional;

/**
 * Writes one upstream file and has nginx test it; a file nginx refuses does not stay. The file before is
 * put back, or, where there was none, the new one is removed, so that nginx's configuration passes its
 * test again. What was there before is read once per activity and remembered across its attempts, so
 * that an attempt after a crash between the write and the test does not take relman's own new file for
 * the one to put back.
 */
final class UpstreamFileWrite {
    /** A file in nginx's container, and nginx's test of the configuration that includes it. */
    interface NginxFiles {
        Optional<String> read(String file);

        void write(String file, String text);

        /** Removes the file if it is there; false when the container cannot (no {@code rm} in it). */
        boolean remove(String file);

        /** Empty when the configuration passes {@code nginx -t}, else what nginx said. */
        Optional<String> test();
    }

    /** Where the activity keeps what was there before its first attempt (its heartbeat details). */
    interface Attempts {
        Optional<Before> recalled();

        void remember(Before before);
    }

    /** The file before relman's first attempt: its text, or null when there was no such file. */
    record Before(String text) {
        boolean existed() {
            return text != null;
        }
    }

    /** What became of a file nginx refused. */
    enum Undo {
        PUT_BACK,
        REMOVED,
        /** No {@code rm} in the container: the new file was left with nothing in it (a comment). */
        EMPTIED
    }

    /** What a file relman could not remove is left holding: nothing nginx reads. */
    static final String EMPTIED_TEXT =
            "# relman emptied this file: nginx refused the upstream it wrote here, and there was no file before.\n";

    private UpstreamFileWrite() {}

    /** Writes {@code text} to {@code file}; when nginx refuses it, undoes the write and fails, saying how. */
    static void apply(NginxFiles files, Attempts attempts, String container, String file, String text) {
        Before before = attempts.recalled().orElseGet(() -> {
            Before now = new Before(files.read(file).orElse(null));
            attempts.remember(now);
            return now;
        });
        files.write(file, text);
        Optional<String> refused = files.test();
        if (refused.isEmpty()) {
            return;
        }
        throw rejected(container, file, refused.get(), undo(files, file, before));
    }

    /** The decision: the file before back where there was one, else the new file gone (or emptied). */
    static Undo undo(NginxFiles files, String file, Before before) {
        if (before.existed()) {
            files.write(file, before.text());
            return Undo.PUT_BACK;
        }
        if (files.remove(file)) {
            return Undo.REMOVED;
        }
        files.write(file, EMPTIED_TEXT);
        return Undo.EMPTIED;
    }

    static ApplicationFailure rejected(String container, String file, String nginxSaid, Undo undo) {
        String done = switch (undo) {
            case PUT_BACK -> "the previous configuration was put back";
            case REMOVED -> "the new file " + file + " was removed; nginx's configuration is as before";
            case EMPTIED ->
                "the new file " + file + " could not be removed (no rm in " + container
                        + "), so relman left it holding a comment only; nginx's configuration is as before";
        };
        return FailureType.LOAD_BALANCER_REJECTED.failure("nginx in " + container + " refused the new upstream ("
                + nginxSaid + "); " + done + ". Check load_balancer in the plan");
    }
}
