package io.relman.nginx;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The options a running nginx master was started with, read from its process title ({@code nginx: master
 * process nginx -c /etc/nginx/stack.conf -g daemon off;}), so that {@code nginx -t} checks and {@code nginx
 * -s reload} signals the configuration that runs, not the image's default one.
 */
public final class NginxMaster {
    private static final String TITLE = "nginx: master process ";
    /**
     * A worker that takes connections. Told to quit by a reload, it retitles itself "nginx: worker process is
     * shutting down" as it closes its listening sockets; until then it still takes new connections and serves
     * them with the old configuration (measured: 40 to 90 ms after the new one first answered).
     */
    private static final String ACCEPTING_WORKER = "nginx: worker process";
    /** How long after its container's start an nginx without a master title counts as starting, not missing. */
    static final Duration JUST_STARTED = Duration.ofSeconds(30);

    private NginxMaster() {}

    /**
     * The {@code -c FILE} and {@code -p PREFIX} options of the master whose title is among {@code
     * commands} (the command lines of a container's processes); empty when none is an nginx master.
     */
    public static Optional<List<String>> options(List<String> commands) {
        return commands.stream()
                .filter(NginxMaster::isMaster)
                .findFirst()
                .map(command -> options(command.substring(TITLE.length()).trim().split("\\s+")));
    }

    /** The process id of the nginx master among {@code commandByPid} (a container's processes), if one runs. */
    public static Optional<String> pid(Map<String, String> commandByPid) {
        return commandByPid.entrySet().stream()
                .filter(process -> isMaster(process.getValue()))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    private static boolean isMaster(String command) {
        return command.startsWith(TITLE);
    }

    /**
     * Whether an nginx that has no master title yet runs among {@code commands} in a container started less
     * than {@link #JUST_STARTED} before {@code now}: right after a (re)start, the master shows its command line
     * ({@code nginx -c FILE -g daemon off;}) until it has read its configuration and retitled itself. Such an
     * nginx is starting, not missing; one that never titles a master ({@code master_process off}) is missing.
     */
    public static boolean starting(List<String> commands, Instant containerStarted, Instant now) {
        return Duration.between(containerStarted, now).compareTo(JUST_STARTED) < 0
                && commands.stream().map(String::strip).anyMatch(command -> {
                    String program = command.split("\\s+", 2)[0];
                    return program.equals("nginx") || program.endsWith("/nginx");
                });
    }

    private static List<String> options(String[] words) {
        List<String> options = new ArrayList<>();
        // words[0] is the program; the title joins its arguments with spaces.
        for (int i = 1; i < words.length - 1; i++) {
            if (words[i].equals("-c") || words[i].equals("-p")) {
                options.add(words[i]);
                options.add(words[++i]);
            }
        }
        return List.copyOf(options);
    }

    /** The process ids, among {@code commandByPid} (a container's processes), of the workers that take connections. */
    public static Set<String> acceptingWorkers(Map<String, String> commandByPid) {
        return commandByPid.entrySet().stream()
                .filter(process -> process.getValue().strip().equals(ACCEPTING_WORKER))
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** {@code nginx [-c FILE] [-p PREFIX] -t -q}: checks the configuration the master runs. */
    public static List<String> testCommand(List<String> options) {
        return command(options, "-t", "-q");
    }

    /** {@code nginx [-c FILE] [-p PREFIX] -T}: tests the configuration the master runs and prints every file of it. */
    public static List<String> dumpCommand(List<String> options) {
        return command(options, "-T");
    }

    /** {@code nginx [-c FILE] [-p PREFIX] -s reload}: makes the master load its configuration again. */
    public static List<String> reloadCommand(List<String> options) {
        return command(options, "-s", "reload");
    }

    private static List<String> command(List<String> options, String... then) {
        List<String> argv = new ArrayList<>(List.of("nginx"));
        argv.addAll(options);
        argv.addAll(List.of(then));
        return List.copyOf(argv);
    }
}
