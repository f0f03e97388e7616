package io.relman.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The maintenance windows of a release's latest run, from its history: from the page's start (its activity
 * scheduled) to its removal (scheduled once the upstreams went back to the replicas, plus a second for requests
 * in flight), with what the loads got inside them. Every failure inside must be the page: 503, the plan's
 * Retry-After, the page's title.
 *
 * @param count the windows
 * @param answeredInside the requests that got the page
 * @param outside the requests that failed outside every window
 */
record PageWindows(int count, int answeredInside, List<String> outside) {
    /** The windows of {@code workflowId}'s latest run; {@code answer} starts each failure that got the page. */
    static PageWindows of(E2eRuntime runtime, String workflowId, String what, String answer, LoadLoop... loads) {
        Instant shown = null;
        int windows = 0;
        int answered = 0;
        List<String> outside = new ArrayList<>();
        for (LoadLoop load : loads) {
            outside.addAll(load.failures());
        }
        for (HistoryEvent event :
                runtime.client.fetchHistory(workflowId).getHistory().getEventsList()) {
            if (!event.hasActivityTaskScheduledEventAttributes()) {
                continue;
            }
            Instant at = Instant.ofEpochSecond(
                    event.getEventTime().getSeconds(), event.getEventTime().getNanos());
            String type = event.getActivityTaskScheduledEventAttributes()
                    .getActivityType()
                    .getName();
            if (type.equals("MaintenanceShowPage")) {
                shown = at;
            } else if (type.equals("MaintenanceRemovePage") && shown != null) {
                windows++;
                List<String> inside = new ArrayList<>();
                for (LoadLoop load : loads) {
                    inside.addAll(load.failuresBetween(load.secondsAt(shown), load.secondsAt(at) + 1.0));
                }
                outside.removeAll(inside);
                System.out.printf(
                        "E2E maintenance window of the %s: %.2f s, %d requests got the page%s%n",
                        what,
                        Duration.between(shown, at).toMillis() / 1000.0,
                        inside.size(),
                        inside.stream()
                                .filter(failure -> !failure.startsWith(answer))
                                .findFirst()
                                .map(failure -> "; not the page: " + failure)
                                .orElse(""));
                assertThat(inside).allMatch(failure -> failure.startsWith(answer) && failure.endsWith(": Maintenance"));
                answered += inside.size();
                shown = null;
            }
        }
        return new PageWindows(windows, answered, outside);
    }
}
