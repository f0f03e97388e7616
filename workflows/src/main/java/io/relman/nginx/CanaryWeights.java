package io.relman.nginx;

import java.math.BigInteger;

/**
 * The nginx {@code weight} of each current replica and of each canary that gives the canaries {@code percent}
 * of a service's requests: {@code canaries x canary / (canaries x canary + current x current)}. Pure.
 */
public record CanaryWeights(int current, int canary) {
    /** The smallest whole weights that give {@code canaries} canaries {@code percent} (1-99) of the requests. */
    public static CanaryWeights of(int percent, int currentReplicas, int canaries) {
        if (percent < 1 || percent > 99 || currentReplicas < 1 || canaries < 1) {
            throw new IllegalArgumentException("no weights for " + percent + "% to " + canaries + " canaries beside "
                    + currentReplicas + " replicas");
        }
        int canary = percent * currentReplicas;
        int current = (100 - percent) * canaries;
        int divisor =
                BigInteger.valueOf(canary).gcd(BigInteger.valueOf(current)).intValue();
        return new CanaryWeights(current / divisor, canary / divisor);
    }

    /** The canaries' share of the requests, in percent, with these weights. */
    public double canaryPercent(int currentReplicas, int canaries) {
        double toCanaries = (double) canaries * canary;
        return 100.0 * toCanaries / (toCanaries + (double) currentReplicas * current);
    }
}
