package io.relman.docker;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A command's standard input that, once its bytes are sent, stays open until it is closed (when
 * the command has exited): docker-java's transport drops the whole exec, output and exit code
 * included, as soon as the input ends. Commands must end by themselves: psql by {@code \\q},
 * pg_restore at the end of the archive.
 */
final class HeldOpen extends InputStream {
    private static final Logger log = LoggerFactory.getLogger(HeldOpen.class);
    private static final long SENDER_EXIT_MILLIS = 2000;
    private final InputStream in;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Thread sender;

    HeldOpen(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        sender = Thread.currentThread();
        int read = in.read(buffer, offset, length);
        if (read < 0) {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return read;
    }

    /**
     * Lets the transport's sending thread see the end and finish. The engine closed the connection
     * when the command exited, so that thread's last write fails: expected, logged at debug level
     * instead of the stack trace on stderr it would print.
     */
    @Override
    public void close() throws IOException {
        Thread thread = sender;
        if (thread != null) {
            thread.setUncaughtExceptionHandler(
                    (t, e) -> log.debug("the input of an exec that ended could not be closed: {}", e.toString()));
        }
        closed.countDown();
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(SENDER_EXIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        in.close();
    }
}
