package io.relman.docker;

import io.relman.plan.Host;
import io.relman.ssh.UnixSocketBridge;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's open remote engines, one per host, shared by its activities. A host is connected under a
 * lock of its own: a host that does not answer holds back only the activities on that host. An engine is
 * closed once it has been unused for {@code idle}: no connection open (an exec silent for an hour holds
 * one) and none handed out since.
 */
final class RemoteEngines<E extends RemoteEngines.Pooled> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RemoteEngines.class);
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(30);

    /** An engine as the pool sees it. */
    interface Pooled {
        boolean connected();

        /** Whether a connection to it is open now. */
        boolean busy();

        /** When its last connection closed (or it opened), System.nanoTime(). */
        long idleSinceNanos();

        void close();
    }

    /** An engine served on a Unix socket bridge: busy and idle as its bridge's connections are. */
    interface Bridged extends Pooled {
        UnixSocketBridge bridge();

        @Override
        default boolean busy() {
            return bridge().openConnections() > 0;
        }

        @Override
        default long idleSinceNanos() {
            return bridge().lastClosedNanos();
        }
    }

    private static final class Entry<E> {
        final E engine;
        volatile long handedOutNanos = System.nanoTime();

        Entry(E engine) {
            this.engine = engine;
        }
    }

    private final Function<Host, E> open;
    private final Duration idle;
    private final Map<Host, Entry<E>> engines = new ConcurrentHashMap<>();
    private final Map<Host, Object> locks = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "relman-ssh-idle");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;

    /** {@code open}: connects to a host's engine, or throws the failure the activity reports. */
    RemoteEngines(Function<Host, E> open, Duration idle) {
        this.open = open;
        this.idle = idle;
        long every = Math.min(SWEEP_EVERY.toMillis(), Math.max(idle.toMillis() / 2, 1));
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    E get(Host host) {
        synchronized (lock(host)) {
            if (closed) {
                throw new IllegalStateException("the worker is stopping: no new connection to " + host.describe());
            }
            Entry<E> entry = engines.get(host);
            if (entry != null && entry.engine.connected()) {
                entry.handedOutNanos = System.nanoTime();
                return entry.engine;
            }
            if (entry != null) {
                log.info("the SSH session to {} was lost; connecting again", host.describe());
                engines.remove(host, entry);
                entry.engine.close();
            }
            E engine = open.apply(host);
            Entry<E> opened = new Entry<>(engine);
            engines.put(host, opened);
            if (closed && engines.remove(host, opened)) { // close() ran while this host was connecting
                engine.close();
                throw new IllegalStateException(
                        "the worker is stopping: closed the new connection to " + host.describe());
            }
            return engine;
        }
    }

    /** Closes the engines unused for longer than the idle limit; busy ones stay, however long ago they were handed out. */
    void sweep() {
        engines.forEach((host, entry) -> {
            if (!idle(entry)) {
                return;
            }
            synchronized (lock(host)) {
                // Again under the host's lock: it may have been handed out meanwhile.
                if (idle(entry) && engines.remove(host, entry)) {
                    log.info("closing the idle connection to the docker engine of {}", host.describe());
                    try {
                        entry.engine.close();
                    } catch (RuntimeException failed) {
                        // A scheduled task that throws is never run again: the other hosts still get swept.
                        log.warn("closing the engine of {} failed: {}", host.describe(), failed.toString());
                    }
                }
            }
        });
    }

    private boolean idle(Entry<E> entry) {
        long since = Math.max(entry.engine.idleSinceNanos(), entry.handedOutNanos);
        return !entry.engine.busy() && System.nanoTime() - since > idle.toNanos();
    }

    private Object lock(Host host) {
        return locks.computeIfAbsent(host, any -> new Object());
    }

    /** Closes every engine now, without waiting for a host still connecting (that one closes when it is done). */
    @Override
    public void close() {
        closed = true;
        sweeper.shutdownNow();
        engines.values().removeIf(entry -> {
            entry.engine.close();
            return true;
        });
    }
}
