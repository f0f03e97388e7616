package io.relman.nginx;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * nginx's upstream log as the {@code relman_upstream} format writes it, one request a line:
 * {@code relman_upstream $upstream_addr|$upstream_status|$upstream_response_time}. A request nginx tried on
 * several servers lists each try ({@code 10.0.0.5:8000, 10.0.0.6:8000|502, 200|0.001, 0.004}); each try on a
 * canary counts as one of its requests. No library reads nginx's log variables; this reads these three.
 */
public final class UpstreamLog {
    /** Where each of relman's lines starts (a log may hold other lines too). */
    public static final String MARK = "relman_upstream ";

    /** The nginx configuration that writes the log relman reads, at {@code path}. */
    public static String format(String path) {
        return "log_format relman_upstream '" + MARK + "$upstream_addr|$upstream_status|$upstream_response_time';"
                + " access_log " + path + " relman_upstream;";
    }

    private UpstreamLog() {}

    /** The canaries' tries in {@code text}: {@code addresses} are theirs ({@code ip:port}). */
    public static CanaryTraffic read(String text, Set<String> addresses, long nextOffset) {
        int requests = 0;
        int errors = 0;
        List<Long> millis = new ArrayList<>();
        for (String line : text.split("\n")) {
            int mark = line.indexOf(MARK);
            if (mark < 0) {
                continue;
            }
            String[] fields = line.substring(mark + MARK.length()).strip().split("\\|", -1);
            if (fields.length != 3) {
                continue;
            }
            String[] servers = tries(fields[0]);
            String[] statuses = tries(fields[1]);
            String[] times = tries(fields[2]);
            for (int i = 0; i < servers.length; i++) {
                if (!addresses.contains(servers[i])) {
                    continue;
                }
                requests++;
                if (i < statuses.length && statuses[i].matches("5\\d\\d")) {
                    errors++;
                }
                if (i < times.length && times[i].matches("\\d+(\\.\\d+)?")) {
                    millis.add(Math.round(Double.parseDouble(times[i]) * 1000));
                }
            }
        }
        return new CanaryTraffic(nextOffset, requests, errors, p95(millis));
    }

    /** The tries of one variable: {@code a, b} (next upstream) and {@code a : b} (another upstream group). */
    private static String[] tries(String field) {
        return field.strip().replace(" : ", ", ").split(", ");
    }

    private static Long p95(List<Long> millis) {
        if (millis.isEmpty()) {
            return null;
        }
        Collections.sort(millis);
        return millis.get((int) Math.ceil(0.95 * millis.size()) - 1);
    }
}
