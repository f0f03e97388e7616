package io.relman.maintenance;

import java.util.List;

/**
 * A maintenance page that was up and came down: the traffic is back where it was.
 *
 * @param services the services whose traffic got the page
 * @param upMillis how long the page was up
 * @param takenDownBy who took it down ({@code relman maintenance off} or {@code relman abort})
 */
public record MaintenanceReport(List<String> services, long upMillis, String takenDownBy) {}
