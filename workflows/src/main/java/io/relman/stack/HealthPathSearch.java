package io.relman.stack;

import java.util.List;

/**
 * For {@code relman init}: GET each of {@code paths} on {@code replica}'s {@code port}, in order, from the
 * network namespace of {@code loadBalancer} (nginx's: what nginx reaches, relman's probe reaches), until one
 * answers 2xx.
 */
public record HealthPathSearch(String loadBalancer, String replica, int port, List<String> paths) {
    public HealthPathSearch {
        paths = List.copyOf(paths);
    }

    /**
     * What one path answered.
     *
     * @param status the HTTP status, or 0 when no HTTP answer came
     * @param error why no HTTP answer came, or null
     */
    public record Answer(String path, int status, String error) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }
}
