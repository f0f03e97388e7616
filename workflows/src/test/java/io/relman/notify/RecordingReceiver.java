package io.relman.notify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A webhook's receiver for workflow tests: what it took, in order; {@code answer} may fail or hold a try. */
public final class RecordingReceiver implements NotifyActivities {
    public final List<Notification> took = Collections.synchronizedList(new ArrayList<>());
    public final AtomicInteger tries = new AtomicInteger();
    public volatile Runnable answer = () -> {};

    @Override
    public void post(Delivery delivery) {
        tries.incrementAndGet();
        answer.run();
        took.add(delivery.notification());
    }

    public List<String> events() {
        return took.stream().map(Notification::event).toList();
    }
}
