package io.relman.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * What the SSH end-to-end tests read in a test host's sshd container (relman-sshd, scripts/testhosts.sh),
 * through the docker engine of that host: its logins, and files relman wrote there over SFTP.
 */
final class TestHostSshd {
    private static final String CONTAINER = "relman-sshd";

    private TestHostSshd() {}

    /** The logins that the sshd of the engine at {@code socket} accepted from {@code address} (any when empty). */
    static int logins(String socket, String address) {
        return (int) E2eRuntime.output("docker", "-H", socket, "logs", CONTAINER)
                .lines()
                .filter(line -> line.contains("Accepted publickey for deployer from " + address))
                .count();
    }

    /** {@code PATH MODE} (octal, as {@code stat -c %a} prints it) of each path, in order. */
    static List<String> modes(String socket, String... paths) {
        List<String> command =
                new ArrayList<>(List.of("docker", "-H", socket, "exec", CONTAINER, "stat", "-c", "%n %a"));
        command.addAll(List.of(paths));
        return E2eRuntime.output(command.toArray(String[]::new)).lines().toList();
    }

    /** Removes {@code path} and what it holds in the container, if it is there. */
    static void remove(String socket, String path) {
        E2eRuntime.run("docker", "-H", socket, "exec", CONTAINER, "rm", "-rf", path);
    }
}
