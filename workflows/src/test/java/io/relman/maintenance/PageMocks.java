package io.relman.maintenance;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import java.util.List;
import java.util.function.Function;

/** A mocked page container that answers as {@code server} and writes down when it is shown and removed. */
public final class PageMocks {
    private PageMocks() {}

    /** Adds {@code shown}'s line to {@code happened} on each show, and "page removed: CONTAINER" on each removal. */
    public static MaintenanceActivities recording(
            List<String> happened, String server, Function<MaintenancePageRequest, String> shown) {
        MaintenanceActivities pages =
                mock(MaintenanceActivities.class, withSettings().withoutAnnotations());
        doAnswer(call -> {
                    happened.add(shown.apply(call.getArgument(0)));
                    return server;
                })
                .when(pages)
                .showPage(any());
        doAnswer(call -> happened.add("page removed: " + call.getArgument(1)))
                .when(pages)
                .removePage(any(), any());
        return pages;
    }
}
