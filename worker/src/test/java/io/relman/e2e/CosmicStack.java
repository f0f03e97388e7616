package io.relman.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.relman.docker.DockerExec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * examples/cosmic, the PHP guide's stack, as its team runs it: a copy started with its own stack.sh, its images
 * built by its own build-images.sh, its MariaDB reached as the app's user and as root. relman never made it.
 */
final class CosmicStack {
    static final String PROJECT = "cosmic";
    static final String ENV = "prod";
    static final int LB_PORT = 18110;
    static final Path SOURCE = E2eRuntime.HOME.resolve("examples/cosmic");
    static final Path COPY = E2eRuntime.TARGET.resolve("cosmic");
    /** The backup directory relman init names: outside relman's allowed paths, so local.env adds it. */
    static final Path BACKUPS = Path.of("/var/lib/relman/backups/cosmic-prod");

    static final String DB = "cosmic-db-prod";
    static final String PASSWORD = UUID.randomUUID().toString();
    private static final String ROOT_PASSWORD = UUID.randomUUID().toString();
    /** The containers of the app's image: the web replicas, the scheduler and the queue workers. */
    static final List<String> APP_CONTAINERS = List.of(
            "cosmic-app-1-prod",
            "cosmic-app-2-prod",
            "cosmic-app-3-prod",
            "cosmic-queue-1-prod",
            "cosmic-queue-2-prod",
            "cosmic-scheduler-prod");

    private CosmicStack() {}

    /** The images its CI builds, a fresh copy of the example, and the stack started on 1.0. */
    static void up(String... versions) {
        String[] build = new String[versions.length + 1];
        build[0] = SOURCE.resolve("build-images.sh").toString();
        System.arraycopy(versions, 0, build, 1, versions.length);
        E2eRuntime.run(build);
        down();
        E2eRuntime.run("rm", "-rf", COPY.toString());
        E2eRuntime.run("cp", "-r", SOURCE.toString(), COPY.toString());
        E2eRuntime.run(passwords(), COPY.resolve("stack.sh").toString(), "up");
    }

    /** The stack and its data gone, and relman's probe sidecar beside its nginx. */
    static void down() {
        if (COPY.resolve("stack.sh").toFile().exists()) {
            E2eRuntime.run(passwords(), COPY.resolve("stack.sh").toString(), "down");
        }
        E2eRuntime.run("sh", "-c", "docker rm -f relman-probe-cosmic-nginx-prod >/dev/null 2>&1; true");
    }

    private static Map<String, String> passwords() {
        return Map.of("COSMIC_DB_PASSWORD", PASSWORD, "COSMIC_DB_ROOT_PASSWORD", ROOT_PASSWORD);
    }

    /** {@code sql} on the app's schema as its user; the tab-separated output. */
    static String sql(String sql) {
        return client("cosmic", PASSWORD, sql);
    }

    /** {@code sql} as root, as the guide's DBA runs the GRANTs relman names. */
    static String asRoot(String sql) {
        return client("root", ROOT_PASSWORD, sql);
    }

    private static String client(String user, String password, String sql) {
        DockerExec.Result result = MariaDbStack.client(DB, PROJECT, user, password, sql);
        assertThat(result.exitCode()).as("%s: %s", sql, result.stderr()).isZero();
        return result.stdout().strip();
    }

    /** Each container of the app's image: its id, image and state, to compare the stack before and after. */
    static Map<String, String> appContainers(E2eRuntime runtime) {
        Map<String, String> found = new TreeMap<>();
        for (String name : APP_CONTAINERS) {
            InspectContainerResponse container =
                    runtime.docker.inspectContainerCmd(name).exec();
            found.put(
                    name,
                    container.getId().substring(0, 12) + " "
                            + container.getConfig().getImage() + " "
                            + container.getState().getStatus());
        }
        return found;
    }

    /** Every table's rows, as MariaDB's CHECKSUM TABLE sums them, but the cache's (the hook empties it). */
    static String checksums() {
        return sql("CHECKSUM TABLE posts, jobs, legacy_imports, migrations");
    }
}
