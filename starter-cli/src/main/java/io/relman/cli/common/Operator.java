package io.relman.cli.common;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Who runs this command, as releases and their events name them. */
public final class Operator {
    private Operator() {}

    /** {@code user@host}. */
    public static String name() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return System.getProperty("user.name") + "@" + host;
    }
}
