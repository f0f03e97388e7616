package io.relman.nginx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relman.nginx.UpstreamFileWrite.Before;
import io.temporal.failure.ApplicationFailure;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A file nginx refuses does not stay: the one before is put back, or the new one removed where there was
 * none, and the failure says which; a retried attempt does the same whatever the attempt before it left.
 */
@Timeout(10)
class UpstreamFileWriteTest {
    private static final String FILE = "/etc/nginx/upstreams/web.conf";
    private static final String NEW = "upstream web { server stack_web_1:8000; }\n";

    /** nginx's container as files, whose test fails while any file holds {@link #refused}. */
    private static final class Container implements UpstreamFileWrite.NginxFiles {
        final Map<String, String> files = new HashMap<>();
        boolean hasRm = true;
        String refused;

        @Override
        public Optional<String> read(String file) {
            return Optional.ofNullable(files.get(file));
        }

        @Override
        public void write(String file, String text) {
            files.put(file, text);
        }

        @Override
        public boolean remove(String file) {
            if (hasRm) {
                files.remove(file);
            }
            return hasRm;
        }

        @Override
        public Optional<String> test() {
            return files.containsValue(refused)
                    ? Optional.of("nginx: [emerg] duplicate upstream \"web\" in " + FILE + ":1")
                    : Optional.empty();
        }
    }

    /** The heartbeat details of one activity, across its attempts. */
    private static final class Heartbeats implements UpstreamFileWrite.Attempts {
        Before remembered;

        @Override
        public Optional<Before> recalled() {
            return Optional.ofNullable(remembered);
        }

        @Override
        public void remember(Before before) {
            remembered = before;
        }
    }

    private final Container nginx = new Container();
    private final Heartbeats attempts = new Heartbeats();

    @Test
    void aRefusedFileThatDidNotExistBeforeIsRemovedAndTheMessageSaysSo() {
        nginx.refused = NEW;

        assertThatThrownBy(() -> UpstreamFileWrite.apply(nginx, attempts, "stack-lb", FILE, NEW))
                .isInstanceOf(ApplicationFailure.class)
                .hasMessageContaining("nginx in stack-lb refused the new upstream (nginx: [emerg] duplicate upstream"
                        + " \"web\" in " + FILE + ":1); the new file " + FILE + " was removed; nginx's configuration is"
                        + " as before. Check load_balancer in the plan")
                .hasMessageNotContaining("put back")
                .satisfies(failure -> assertThat(((ApplicationFailure) failure).isNonRetryable())
                        .isTrue());
        assertThat(nginx.files).doesNotContainKey(FILE);
        assertThat(nginx.test()).isEmpty();
    }

    @Test
    void aRefusedFileThatReplacedAnotherPutsThatOneBack() {
        String before = "upstream web { server stack_web_1:8000; server stack_web_2:8000; }\n";
        nginx.files.put(FILE, before);
        nginx.refused = NEW;

        assertThatThrownBy(() -> UpstreamFileWrite.apply(nginx, attempts, "stack-lb", FILE, NEW))
                .hasMessageContaining("; the previous configuration was put back. Check load_balancer in the plan")
                .hasMessageNotContaining("removed");
        assertThat(nginx.files).containsEntry(FILE, before);
    }

    @Test
    void aFileNginxAcceptsStays() {
        UpstreamFileWrite.apply(nginx, attempts, "stack-lb", FILE, NEW);

        assertThat(nginx.files).containsEntry(FILE, NEW);
        assertThat(attempts.remembered).isEqualTo(new Before(null));
    }

    @Test
    void anAttemptAfterACrashBetweenTheWriteAndTheTestRemovesTheFileTheFirstAttemptWrote() {
        // The first attempt remembered that there was no file, wrote it, and its worker died before the test.
        attempts.remember(new Before(null));
        nginx.files.put(FILE, NEW);
        nginx.refused = NEW;

        assertThatThrownBy(() -> UpstreamFileWrite.apply(nginx, attempts, "stack-lb", FILE, NEW))
                .hasMessageContaining("the new file " + FILE + " was removed");
        assertThat(nginx.files).doesNotContainKey(FILE);
    }

    @Test
    void anAttemptAfterACrashPutsBackTheFileOfBeforeTheFirstAttemptNotItsOwn() {
        String before = "upstream web { server stack_web_1:8000; }\n";
        attempts.remember(new Before(before));
        nginx.files.put(FILE, NEW);
        nginx.refused = NEW;

        assertThatThrownBy(() -> UpstreamFileWrite.apply(nginx, attempts, "stack-lb", FILE, NEW))
                .hasMessageContaining("the previous configuration was put back");
        assertThat(nginx.files).containsEntry(FILE, before);
    }

    @Test
    void aFileAlreadyRemovedIsRemovedAgainWithoutComplaint() {
        nginx.refused = NEW;
        assertThatThrownBy(() -> UpstreamFileWrite.apply(nginx, attempts, "stack-lb", FILE, NEW));

        // The undo that follows writes the file again, to the same refusal, with the same outcome.
        Heartbeats undoAttempts = new Heartbeats();
        assertThatThrownBy(() -> UpstreamFileWrite.apply(nginx, undoAttempts, "stack-lb", FILE, NEW))
                .hasMessageContaining("was removed; nginx's configuration is as before");
        assertThat(nginx.files).doesNotContainKey(FILE);
    }

    @Test
    void aContainerWithoutRmIsLeftWithAnEmptiedFileThatNginxAccepts() {
        nginx.hasRm = false;
        nginx.refused = NEW;

        assertThatThrownBy(() -> UpstreamFileWrite.apply(nginx, attempts, "stack-lb", FILE, NEW))
                .hasMessageContaining("the new file " + FILE + " could not be removed (no rm in stack-lb), so relman"
                        + " left it holding a comment only; nginx's configuration is as before");
        assertThat(nginx.files).containsEntry(FILE, UpstreamFileWrite.EMPTIED_TEXT);
        assertThat(nginx.test()).isEmpty();
    }
}
