package io.relman.plan;

import java.time.Duration;
import java.util.List;

/**
 * A service's own {@code maintenance}: what of the environment's page it changes for that service's traffic. Each
 * key left out is the environment's (or, without one there, the default); {@code during: []} keeps the service's
 * traffic off every page (a site that needs no database, say).
 *
 * @param page its own page's HTML, or null: the environment's
 * @param during the steps its page covers, or null: the environment's
 * @param retryAfter what its page's Retry-After tells clients, or null: the environment's
 */
public record ServiceMaintenance(String page, List<String> during, Duration retryAfter) {
    public ServiceMaintenance {
        during = during == null ? null : List.copyOf(during);
    }

    /** Whether the service's traffic never gets a page. */
    public boolean optsOut() {
        return during != null && during.isEmpty();
    }

    /** The page the service gets in an environment whose own is {@code environment} (null: none), or null. */
    public Maintenance over(Maintenance environment) {
        if (optsOut()) {
            return null;
        }
        return new Maintenance(
                page != null ? page : environment == null ? null : environment.page(),
                during != null ? during : environment == null ? null : environment.during(),
                retryAfter != null ? retryAfter : environment == null ? null : environment.retryAfter());
    }
}
