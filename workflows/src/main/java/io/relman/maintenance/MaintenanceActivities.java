package io.relman.maintenance;

import io.relman.plan.Host;
import io.temporal.activity.ActivityInterface;

/** relman's maintenance page container: what nginx is pointed at while a run holds the traffic. */
@ActivityInterface(namePrefix = "Maintenance")
public interface MaintenanceActivities {
    /**
     * Starts the page's container (or finds it running with this page), checks that the load balancer reaches
     * it and gets 503 from it, and returns the server ({@code host:port}) an upstream names it by.
     */
    String showPage(MaintenancePageRequest request);

    /** Removes the page's container; gone already is fine. */
    void removePage(Host host, String container);
}
