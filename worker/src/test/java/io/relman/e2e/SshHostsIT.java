package io.relman.e2e;

import static io.relman.e2e.E2eRuntime.HOME;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.relman.docker.ContainerNames;
import io.relman.docker.DockerClients;
import io.relman.release.DeployWorkflow;
import io.relman.release.ReleaseFailure;
import io.relman.release.ReleaseResult;
import io.relman.release.ReplacedReplica;
import io.relman.saga.Compensation;
import io.temporal.api.history.v1.HistoryEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The shop stack on a host the worker reaches only over SSH: test host 1 of scripts/testhosts.sh, a
 * docker engine of its own behind Debian's sshd on 127.0.0.1:2201. A release under load, then the
 * refusals: a changed host key, an unknown host, a host whose sshd is down. Each refusal is measured:
 * the host's containers are listed before and after through the host's own socket, not through relman.
 * Each test makes the state it needs ({@code remoteStackOn}, {@code spreadStackOn}, a standard worker), so any
 * test runs alone; the order only saves releases, each test starting where the one before it left the stack.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SshHostsIT {
    private static final String ENVIRONMENT = "remote";
    private static final int LB_PORT = 18280;
    private static final String HOST_SOCKET = "unix:///run/relman-h1/docker.sock";
    private static final String SECOND_HOST_SOCKET = "unix:///run/relman-h2/docker.sock";
    private static final Path SPREAD_PLAN = HOME.resolve("examples/shop/relman-spread.yml");
    private static final String SPREAD = "spread";
    private static final int SPREAD_LB_PORT = 18380;
    /** nginx of the spread stack on h2, for the plan that moves the load balancer there. */
    private static final int SECOND_LB_PORT = 18381;
    /** The sshd containers' private addresses (testhosts.sh): where a bastion reaches them. */
    private static final String FIRST_HOST_PRIVATE = "10.213.16.22";

    private static final String SECOND_HOST_PRIVATE = "10.213.32.22";
    /** Where backups are copied off the worker, on h1 (deployer's home in its sshd container). */
    private static final String COPY_PARENT = "/home/deployer/backups";

    private static final String COPY_DIR = COPY_PARENT + "/shop";

    private static final Path TEST_HOSTS = HOME.resolve("scripts/testhosts.sh");
    private static final Path KNOWN_HOSTS = HOME.resolve(".relman/hosts/known_hosts");
    private static final String BUILD = """
                build:
                  context: app                    # relative to this file
                  args:
                    APP_VERSION: "{version}"
            """;

    private static E2eRuntime runtime;
    private static WorkerProcess worker;
    private static DockerClient host;
    private static DockerClient secondHost;
    /** The sample plan without its build: the test host cannot reach a Debian mirror, so images are copied. */
    private static Path plan;

    @BeforeAll
    static void hostAndStack() {
        runtime = new E2eRuntime();
        E2eRuntime.run(TEST_HOSTS.toString(), "up", "2");
        host = DockerClients.at(HOST_SOCKET);
        secondHost = DockerClients.at(SECOND_HOST_SOCKET);
        List<String> images = List.of("relman/shop-app:v1", "relman/shop-app:v2", "relman/shop-app:v5");
        for (String image : images) {
            String version = image.substring(image.indexOf(':') + 1);
            E2eRuntime.run(
                    "bash",
                    "-c",
                    // Built only when missing: the other classes' releases build these tags too (with relman's
                    // labels, another id), and a rebuild here would re-point a tag the hosts already got.
                    "docker image inspect " + image + " >/dev/null 2>&1 || docker build -q -t " + image
                            + " --build-arg APP_VERSION=" + version + " examples/shop/app");
        }
        // One save per host: the versions share their layers, which one archive carries once.
        for (String socket : List.of(HOST_SOCKET, SECOND_HOST_SOCKET)) {
            E2eRuntime.run(
                    "bash",
                    "-c",
                    // Loaded unless the host has these very images (their ids), not just images of these names.
                    "[ \"$(docker image inspect -f '{{.Id}}' " + String.join(" ", images) + ")\" = \"$(docker -H "
                            + socket + " image inspect -f '{{.Id}}' " + String.join(" ", images) + " 2>/dev/null)\" ]"
                            + " || docker save " + String.join(" ", images) + " | docker -H " + socket + " load -q");
        }
        plan = E2eRuntime.planVariant("remote-prebuilt", BUILD, "");
        E2eRuntime.run(Map.of("DOCKER_HOST", HOST_SOCKET), stackScript(), "down", ENVIRONMENT);
        E2eRuntime.run(Map.of("DOCKER_HOST", HOST_SOCKET), stackScript(), "up", ENVIRONMENT, Integer.toString(LB_PORT));
        // The test key again, protected by a passphrase (OpenSSH's format: bcrypt, aes256-ctr), which the
        // worker gets from a variable the plan names; and a variable holding a wrong one.
        E2eRuntime.run(
                "bash",
                "-c",
                "cp " + CLIENT_KEY + " " + PROTECTED_KEY + " && ssh-keygen -q -p -f " + PROTECTED_KEY + " -P '' -N "
                        + PASSPHRASE);
        worker = classWorker("ssh-hosts", Map.of());
    }

    /**
     * The worker every test releases through: the passphrases the protected-key tests name, and
     * {@code settings} on top (the idle test's limit). Whatever test ran before, the next one gets this.
     */
    private static WorkerProcess classWorker(String name, Map<String, String> settings) {
        Map<String, String> environment = new java.util.HashMap<>(Map.of(
                "RELMAN_SSH_KEY_PASSPHRASE",
                PASSPHRASE,
                "RELMAN_SSH_WRONG_PASSPHRASE",
                "not-" + PASSPHRASE,
                "RELMAN_SECRETS_ALLOWED",
                E2eRuntime.workerSettings().get("RELMAN_SECRETS_ALLOWED")
                        + ",RELMAN_SSH_KEY_PASSPHRASE,RELMAN_SSH_WRONG_PASSPHRASE"));
        environment.putAll(settings);
        return runtime.startWorker(name, environment);
    }

    /** Whether the class's worker has the idle test's short limit: the next test gets a standard one again. */
    private static boolean shortIdleWorker;

    @BeforeEach
    void aStandardWorker() throws InterruptedException {
        if (shortIdleWorker) {
            worker.close();
            worker = classWorker("ssh-hosts-again", Map.of());
            shortIdleWorker = false;
        }
    }

    /**
     * The remote environment (replicas and database on h1) released to {@code version}, unless it runs it
     * already: a test starts from the state it needs, whichever ran before it (the order below only saves work).
     */
    private static void remoteStackOn(String version) {
        Map<String, String> all = Map.of(
                "shop-remote-app-1", version + " running",
                "shop-remote-app-2", version + " running",
                "shop-remote-app-3", version + " running");
        if (!replicaVersions(host).equals(all)) {
            assertThat(runtime.relmanWithPlan(plan, "deploy", "--env", ENVIRONMENT, "--version", version))
                    .as("the remote environment released to " + version)
                    .isZero();
        }
    }

    /** The spread environment (app-1 and app-3 on h1, app-2 on h2, nginx on h1) on {@code version}, the same way. */
    private static void spreadStackOn(String version) {
        boolean stackUp = containers(host).keySet().containsAll(List.of("shop-spread-db", "shop-spread-lb"));
        if (!stackUp) {
            freshSpreadStack();
        }
        if (!stackUp
                || !replicaVersions(host, SPREAD)
                        .equals(Map.of(
                                "shop-spread-app-1", version + " running", "shop-spread-app-3", version + " running"))
                || !replicaVersions(secondHost, SPREAD).equals(Map.of("shop-spread-app-2", version + " running"))) {
            assertThat(runtime.relmanWithPlan(SPREAD_PLAN, "deploy", "--env", SPREAD, "--version", version))
                    .as("the spread environment released to " + version)
                    .isZero();
        }
    }

    private static final Path CLIENT_KEY = HOME.resolve(".relman/hosts/id_ed25519");
    private static final Path PROTECTED_KEY = HOME.resolve(".relman/hosts/id_ed25519_protected");
    private static final String PASSPHRASE = "relman-test-passphrase";

    /** The plan with h1's key protected by a passphrase, read from {@code variable} on the worker. */
    private static Path withProtectedKey(String name, String variable) {
        return E2eRuntime.planVariant(
                plan,
                name,
                "key: ../../.relman/hosts/id_ed25519 ",
                "key: " + PROTECTED_KEY + "\n        passphrase_env: " + variable + " ");
    }

    @AfterAll
    static void removeTheStack() throws Exception {
        worker.close();
        E2eRuntime.run(TEST_HOSTS.toString(), "up", "2"); // sshd back, known_hosts as the hosts are
        E2eRuntime.run(Map.of("DOCKER_HOST", HOST_SOCKET), stackScript(), "down", ENVIRONMENT);
        E2eRuntime.run(Map.of("DOCKER_HOST", HOST_SOCKET), stackScript(), "down", SPREAD);
        E2eRuntime.run(Map.of("DOCKER_HOST", SECOND_HOST_SOCKET), stackScript(), "down", SPREAD);
        E2eRuntime.run(Map.of("DOCKER_HOST", SECOND_HOST_SOCKET), stackScript(), "down", ENVIRONMENT);
        host.close();
        secondHost.close();
    }

    @Test
    @Order(1)
    void aReleaseOverSshUnderLoadFailsNoRequestAndRunsEveryReplicaOnTheHost() throws Exception {
        LoopbackDockerWatch loopback = LoopbackDockerWatch.start(); // before the worker's first SSH session
        int sessionsBefore = TestHostSshd.logins(HOST_SOCKET, "");
        long started = System.nanoTime();
        assertThat(runtime.relmanWithPlan(plan, "deploy", "--env", ENVIRONMENT, "--version", "v1"))
                .isZero();
        long firstMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        int sessionsFirst = TestHostSshd.logins(HOST_SOCKET, "") - sessionsBefore;

        LoadLoop load = new LoadLoop(LB_PORT, "/version");
        long[] upgradeMillis = new long[1];
        int exitCode = deployUnderLoad(load, plan, ENVIRONMENT, "v2", upgradeMillis);
        loopback.close();
        System.out.printf(
                "E2E ssh: first deploy over SSH %.1f s (%d SSH logins); v1 -> v2 under load %.1f s, %d requests through"
                        + " the host's nginx, %d failed; SSH logins for both releases: %d%n",
                firstMillis / 1000.0,
                sessionsFirst,
                upgradeMillis[0] / 1000.0,
                load.requests(),
                load.failures().size(),
                TestHostSshd.logins(HOST_SOCKET, "") - sessionsBefore);

        if (Boolean.getBoolean("ssh.compare")) {
            compareWithTheLocalEngine(upgradeMillis[0]);
        }
        assertThat(exitCode).isZero();
        assertThat(loopback.answered())
                .as("loopback ports answering as the host's Docker engine")
                .isEmpty();
        assertThat(loopback.scans()).isPositive();
        assertThat(load.failures()).isEmpty();
        assertThat(load.requests()).isGreaterThan(50);
        assertThat(load.versionsSeen()).startsWith("v1").endsWith("v2");
        assertThat(replicaVersions(host))
                .as("the host's replicas")
                .isEqualTo(Map.of(
                        "shop-remote-app-1", "v2 running",
                        "shop-remote-app-2", "v2 running",
                        "shop-remote-app-3", "v2 running"));
        assertThat(replicaVersions(runtime.docker))
                .as("nothing of the remote environment on the worker's own engine")
                .isEmpty();
        try (var backups = Files.list(HOME.resolve(".relman/backups/remote"))) {
            assertThat(backups.map(path -> path.getFileName().toString()))
                    .as("the dump came over SSH to the worker's backup directory")
                    .anyMatch(name -> name.endsWith(".json"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(2)
    void aBackupOfTheRemoteDatabaseArrivesChecksummedOnTheWorkerAndItsRestoreDrillPasses() throws IOException {
        // Over a new session, logged in with the key protected by a passphrase.
        Path protectedKey = withProtectedKey("remote-protected-key", "RELMAN_SSH_KEY_PASSPHRASE");
        int loginsBefore = TestHostSshd.logins(HOST_SOCKET, "");
        StringBuilder backup = new StringBuilder();
        assertThat(E2eRuntime.capturingOutput(
                        backup, () -> runtime.relmanWithPlan(protectedKey, "backup", "now", "--env", ENVIRONMENT)))
                .isZero();
        int logins = TestHostSshd.logins(HOST_SOCKET, "") - loginsBefore;
        StringBuilder drill = new StringBuilder();
        int drillExit = E2eRuntime.capturingOutput(
                drill, () -> runtime.relmanWithPlan(protectedKey, "backup", "drill", "--env", ENVIRONMENT));
        StringBuilder verify = new StringBuilder();
        int verifyExit = E2eRuntime.capturingOutput(
                verify, () -> runtime.relmanWithPlan(protectedKey, "backup", "verify", "--env", ENVIRONMENT));
        System.out.println("E2E ssh backup: with the key protected by a passphrase, " + logins
                + " SSH login(s); drill exit " + drillExit + ", verify exit " + verifyExit);
        assertThat(logins).as("a login of its own, with the protected key").isEqualTo(1);
        assertThat(drillExit)
                .as("the drill restored the backup into a scratch database on h1 and checked it")
                .isZero();
        assertThat(verifyExit)
                .as("every backup's checksum matches the file on the worker")
                .isZero();
    }

    @Test
    @Order(2)
    void aKeyWhosePassphraseDoesNotOpenItIsRefusedByNameAndNothingChanges() {
        String output = refusedRelease(withProtectedKey("remote-wrong-passphrase", "RELMAN_SSH_WRONG_PASSPHRASE"));
        assertThat(output)
                .contains("the passphrase in RELMAN_SSH_WRONG_PASSPHRASE does not open the SSH key " + PROTECTED_KEY
                        + " of host h1 (deployer@127.0.0.1:2201)")
                .contains("Nothing was changed");
    }

    @Test
    @Order(2)
    void anImageIsBuiltOnTheHostFromTheWorkersContextAndReleasedThere() throws Exception {
        // A context the test hosts can build without a Debian mirror: the v2 image (on h1), as release v6. Its
        // APP_VERSION is written out: below FROM, $APP_VERSION is the base image's ENV (v2), not the build arg, and
        // the sample's after_rollout hook checks that replica 1 runs the version released.
        Path context = E2eRuntime.TARGET.resolve("remote-build");
        Files.createDirectories(context);
        Files.writeString(context.resolve("Dockerfile"), "FROM relman/shop-app:v2\nENV APP_VERSION=v6\n");
        Path built = E2eRuntime.planVariant(
                "remote-build", "context: app                    # relative to this file", "context: " + context);
        for (String socket : List.of(HOST_SOCKET, "unix:///var/run/docker.sock")) {
            E2eRuntime.run("bash", "-c", "docker -H " + socket + " rmi -f relman/shop-app:v6 >/dev/null 2>&1 || true");
        }
        long started = System.nanoTime();
        int exitCode = runtime.relmanWithPlan(built, "deploy", "--env", ENVIRONMENT, "--version", "v6");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        boolean onHost = hasImage(host, "relman/shop-app:v6");
        boolean onWorker = hasImage(runtime.docker, "relman/shop-app:v6");
        Map<String, String> replicas = replicaVersions(host);
        System.out.printf(
                "E2E ssh build: v6 built on h1 from the worker's context and released in %.1f s (exit %d); image on h1:"
                        + " %s, on the worker's engine: %s; replicas %s%n",
                millis / 1000.0, exitCode, onHost, onWorker, replicas);
        // Back to v2 for the tests after this one, with the images as copied.
        assertThat(runtime.relmanWithPlan(plan, "deploy", "--env", ENVIRONMENT, "--version", "v2"))
                .isZero();

        assertThat(exitCode).isZero();
        assertThat(onHost).as("built by h1's engine").isTrue();
        assertThat(onWorker).as("nothing built on the worker's own engine").isFalse();
        assertThat(replicas)
                .isEqualTo(Map.of(
                        "shop-remote-app-1", "v6 running",
                        "shop-remote-app-2", "v6 running",
                        "shop-remote-app-3", "v6 running"));
    }

    @Test
    @Order(3)
    void aHostWhoseKeyChangedIsRefusedWithBothFingerprintsAndNothingChanges() {
        E2eRuntime.run(TEST_HOSTS.toString(), "rekey", "1");
        try {
            String output = refusedRelease(plan);
            assertThat(output)
                    .containsPattern("host h1 \\(deployer@127.0.0.1:2201\\) presented (\\S+) SHA256:\\S+, but "
                            + KNOWN_HOSTS + " expects \\1 SHA256:\\S+ for \\[127.0.0.1\\]:2201")
                    .contains("ssh-keygen -R '[127.0.0.1]:2201'")
                    .contains("Nothing was changed");
        } finally {
            E2eRuntime.run(TEST_HOSTS.toString(), "up", "2");
        }
    }

    @Test
    @Order(4)
    void aHostNotInKnownHostsIsRefused() throws IOException {
        Path empty = HOME.resolve(".relman/hosts/empty_known_hosts");
        Files.writeString(empty, "");
        Path unknown = E2eRuntime.planVariant(
                plan, "remote-unknown", "known_hosts: ../../.relman/hosts/known_hosts", "known_hosts: " + empty);
        String output = refusedRelease(unknown);
        assertThat(output)
                .contains("host h1 (deployer@127.0.0.1:2201) is not in " + empty)
                .containsPattern("it presented \\S+ SHA256:")
                .contains("ssh-keyscan -p 2201 127.0.0.1 >> " + empty);

        StringBuilder scanned = new StringBuilder();
        assertThat(E2eRuntime.capturingOutput(
                        scanned, () -> runtime.relmanWithPlan(unknown, "hosts", "trust", "--env", ENVIRONMENT)))
                .isZero();
        assertThat(scanned.toString())
                .as("fingerprints to check, and the lines that would trust them")
                .containsPattern("h1 \\(deployer@127.0.0.1:2201\\): ssh-ed25519 SHA256:\\S+ \\(not in " + empty + "\\)")
                .contains("[127.0.0.1]:2201 ssh-ed25519 AAAA");
        assertThat(Files.readString(empty)).as("relman trusts no key by itself").isEmpty();
    }

    @Test
    @Order(5)
    void aHostWhoseSshdIsDownIsRefusedInThePreflight() {
        E2eRuntime.run(TEST_HOSTS.toString(), "sshd-stop", "1");
        try {
            String output = refusedRelease(plan);
            assertThat(output)
                    .contains("host h1 (deployer@127.0.0.1:2201) does not answer over SSH")
                    .contains("The release is refused; nothing was changed on any host");
        } finally {
            E2eRuntime.run(TEST_HOSTS.toString(), "sshd-start", "1");
        }
    }

    @Test
    @Order(6)
    void aReleaseOverTwoHostsUnderLoadFailsNoRequestAndOneThatFailsItsValidationIsUndoneOnBoth() throws Exception {
        freshSpreadStack();
        assertThat(runtime.relmanWithPlan(SPREAD_PLAN, "deploy", "--env", SPREAD, "--version", "v1"))
                .isZero();

        LoadLoop load = new LoadLoop(SPREAD_LB_PORT, "/version");
        long[] millis = new long[1];
        int exitCode = deployUnderLoad(load, SPREAD_PLAN, SPREAD, "v2", millis);
        System.out.printf(
                "E2E ssh spread: v1 -> v2 over two hosts under load %.1f s, %d requests through nginx on h1, %d"
                        + " failed%n",
                millis[0] / 1000.0, load.requests(), load.failures().size());
        assertThat(exitCode).isZero();
        assertThat(load.failures()).isEmpty();
        assertThat(load.versionsSeen()).startsWith("v1").endsWith("v2");
        assertThat(replicaVersions(host, SPREAD))
                .isEqualTo(Map.of("shop-spread-app-1", "v2 running", "shop-spread-app-3", "v2 running"));
        assertThat(replicaVersions(secondHost, SPREAD)).isEqualTo(Map.of("shop-spread-app-2", "v2 running"));

        // v5 is healthy on every replica, but the plan's validation asks for an endpoint it does not have:
        // the release fails after both hosts were released, both at once, and must be undone on both.
        Path unvalidated = E2eRuntime.planVariant(
                SPREAD_PLAN,
                "spread-unvalidated",
                "validate: [/items, /version]",
                "validate: [/items, /version, /missing]",
                "hosts_at_once: 1 ",
                "hosts_at_once: 2 ");
        Map<String, String> firstBefore = containers(host);
        Map<String, String> secondBefore = containers(secondHost);
        LoadLoop broken = new LoadLoop(SPREAD_LB_PORT, "/version");
        StringBuilder output = new StringBuilder();
        int brokenExit = broken.around(() -> E2eRuntime.capturingOutput(
                output, () -> runtime.relmanWithPlan(unvalidated, "deploy", "--env", SPREAD, "--version", "v5")));
        System.out.printf(
                "E2E ssh spread: v5 released on both hosts, then refused by its validation: exit %d, %d requests,"
                        + " %d failed%n",
                brokenExit, broken.requests(), broken.failures().size());
        assertThat(brokenExit).isEqualTo(1);
        String progress = output.toString();
        assertThat(progress.indexOf("as shop-spread-app-2 (2/3) on h2"))
                .as("h2's replica started before h1's first one was back: both hosts at once\n" + progress)
                .isPositive()
                .isLessThan(progress.indexOf("shop-spread-app-1 (1/3) on h1 is back in the load balancer"));
        assertThat(output.toString())
                .contains("shop-spread-app-2 (2/3) on h2")
                .contains("put shop-spread-app-2 back on v2")
                .contains("put shop-spread-app-3 back on v2")
                .contains("put shop-spread-app-1 back on v2");
        assertThat(broken.versionsSeen()).contains("v5").endsWith("v2");
        assertThat(broken.failures()).isEmpty();
        assertThat(withoutKeptCopies(containers(host)))
                .as("h1's containers, by name, image and state, before and after the undo")
                .isEqualTo(withoutKeptCopies(firstBefore));
        assertThat(withoutKeptCopies(containers(secondHost)))
                .as("h2's containers, before and after the undo")
                .isEqualTo(withoutKeptCopies(secondBefore));
    }

    @Test
    @Order(7)
    void aReleaseToAHostBehindABastionGoesThroughItAndFailsNoRequest() throws Exception {
        spreadStackOn("v2");
        // h2 named by its private address, which only the bastion h1 routes to in this plan's world.
        Path behindBastion = E2eRuntime.planVariant(
                SPREAD_PLAN,
                "spread-bastion",
                "        ssh: deployer@127.0.0.1:2202\n",
                "        ssh: deployer@" + SECOND_HOST_PRIVATE + "\n        jump: h1\n");
        int fromBastionBefore = TestHostSshd.logins(SECOND_HOST_SOCKET, FIRST_HOST_PRIVATE);
        LoadLoop load = new LoadLoop(SPREAD_LB_PORT, "/version");
        long[] millis = new long[1];
        int exitCode = deployUnderLoad(load, behindBastion, SPREAD, "v1", millis);
        int fromBastion = TestHostSshd.logins(SECOND_HOST_SOCKET, FIRST_HOST_PRIVATE) - fromBastionBefore;
        System.out.printf(
                "E2E ssh bastion: v2 -> v1 over two hosts, h2 through h1, under load %.1f s, %d requests, %d failed;"
                        + " h2's sshd accepted %d login(s) from h1's address%n",
                millis[0] / 1000.0, load.requests(), load.failures().size(), fromBastion);
        assertThat(exitCode).isZero();
        assertThat(load.failures()).isEmpty();
        assertThat(load.versionsSeen()).startsWith("v2").endsWith("v1");
        assertThat(fromBastion).as("h2's sshd saw relman come from h1").isEqualTo(1);
        assertThat(replicaVersions(secondHost, SPREAD)).isEqualTo(Map.of("shop-spread-app-2", "v1 running"));
        assertThat(replicaVersions(host, SPREAD))
                .isEqualTo(Map.of("shop-spread-app-1", "v1 running", "shop-spread-app-3", "v1 running"));
    }

    @Test
    @Order(8)
    void nginxOnTheSecondHostGetsTheUpstreamsAndAReleaseThroughItFailsNoRequest() throws Exception {
        spreadStackOn("v1");
        // h2 gets an nginx of its own on 127.0.0.1:18381 (stack.sh also starts a database there, unused),
        // serving the upstream h1's nginx serves now: the stack's traffic moves to h2's nginx.
        Map<String, String> second = Map.of("DOCKER_HOST", SECOND_HOST_SOCKET);
        E2eRuntime.run(second, stackScript(), "up", SPREAD, Integer.toString(SECOND_LB_PORT));
        try {
            releaseThroughNginxOnTheSecondHost();
        } finally {
            // nginx logs its errors (an upstream refused, reset, timed out) to stderr: what a failure needs.
            System.out.println("h2's nginx said:\n"
                    + E2eRuntime.output("docker", "-H", SECOND_HOST_SOCKET, "logs", "--tail", "60", "shop-spread-lb"));
            // The next tests measure h2's containers: only the replicas are the stack's there.
            E2eRuntime.run(
                    "docker",
                    "-H",
                    SECOND_HOST_SOCKET,
                    "rm",
                    "-f",
                    "shop-spread-lb",
                    "shop-spread-db",
                    "relman-probe-shop-spread-lb");
        }
    }

    private void releaseThroughNginxOnTheSecondHost() throws Exception {
        String upstreamFile = "/etc/nginx/relman/app.conf";
        // Restarted, not reloaded: after a reload the old worker, still on the placeholder upstream (no server),
        // can take the load's first connections and answer 502 even after a request saw the new one.
        E2eRuntime.run(
                "bash",
                "-c",
                "docker -H " + HOST_SOCKET + " exec shop-spread-lb cat " + upstreamFile + " | docker -H "
                        + SECOND_HOST_SOCKET + " exec -i shop-spread-lb sh -c 'cat > " + upstreamFile + "'"
                        + " && docker -H " + SECOND_HOST_SOCKET + " restart shop-spread-lb");
        Wait.until("h2's nginx serving the app", Duration.ofSeconds(30), () -> answers(SECOND_LB_PORT, "/version"));
        Path nginxOnH2 = E2eRuntime.planVariant(
                SPREAD_PLAN,
                "spread-nginx-on-h2",
                "      container: shop-spread-lb\n",
                "      container: shop-spread-lb\n      host: h2\n");
        String firstNginxBefore =
                E2eRuntime.output("docker", "-H", HOST_SOCKET, "exec", "shop-spread-lb", "cat", upstreamFile);

        LoadLoop load = new LoadLoop(SECOND_LB_PORT, "/version");
        long[] millis = new long[1];
        int exitCode = deployUnderLoad(load, nginxOnH2, SPREAD, "v2", millis);
        String secondNginxAfter =
                E2eRuntime.output("docker", "-H", SECOND_HOST_SOCKET, "exec", "shop-spread-lb", "cat", upstreamFile);
        System.out.printf(
                "E2E ssh nginx on h2: v1 -> v2, replicas on h1 and h2, through nginx on h2 under load %.1f s, %d"
                        + " requests, %d failed%n",
                millis[0] / 1000.0, load.requests(), load.failures().size());

        assertThat(exitCode).isZero();
        assertThat(load.failures()).isEmpty();
        assertThat(load.versionsSeen()).startsWith("v1").endsWith("v2");
        assertThat(secondNginxAfter)
                .as("relman wrote h2's nginx, naming each replica where it publishes")
                .contains("10.213.1.1:18300", "10.213.2.1:18300", "10.213.1.1:18301")
                .isNotEqualTo(firstNginxBefore);
        assertThat(E2eRuntime.output("docker", "-H", HOST_SOCKET, "exec", "shop-spread-lb", "cat", upstreamFile))
                .as("h1's nginx is no longer the plan's: relman left it alone")
                .isEqualTo(firstNginxBefore);
    }

    @Test
    @Order(9)
    void aHostWithAWorkerOfItsOwnGetsItsActivitiesThereAndNoSshLogin() throws Exception {
        spreadStackOn("v2");
        // h2 named by its worker's task queue instead of ssh: that worker runs "on h2" (its DOCKER_HOST is
        // h2's engine), and relman reaches h2 only through it.
        Path ownWorker = E2eRuntime.planVariant(
                SPREAD_PLAN,
                "spread-own-worker",
                "        ssh: deployer@127.0.0.1:2202\n        key: ../../.relman/hosts/id_ed25519\n"
                        + "        known_hosts: ../../.relman/hosts/known_hosts\n        address: 10.213.2.1\n",
                "        worker: relman-h2\n        address: 10.213.2.1\n");
        String releaseId = "release-shop-" + SPREAD;
        try (WorkerProcess onH2 = WorkerProcess.onTaskQueue(
                runtime, "h2-own-worker", "relman-h2", Map.of("DOCKER_HOST", SECOND_HOST_SOCKET))) {
            int loginsBefore = TestHostSshd.logins(SECOND_HOST_SOCKET, "");
            LoadLoop load = new LoadLoop(SPREAD_LB_PORT, "/version");
            long[] millis = new long[1];
            int exitCode = deployUnderLoad(load, ownWorker, SPREAD, "v1", millis);
            int logins = TestHostSshd.logins(SECOND_HOST_SOCKET, "") - loginsBefore;

            // Which worker ran what, from the run's history: task queue of each scheduled activity, and the
            // identity (pid@host) of the worker that started it.
            Map<Long, String> scheduledOnH2 = new TreeMap<>();
            Map<String, Integer> startedBy = new TreeMap<>();
            for (HistoryEvent event : runtime.client.fetchHistory(releaseId).getEvents()) {
                if (event.hasActivityTaskScheduledEventAttributes()
                        && event.getActivityTaskScheduledEventAttributes()
                                .getTaskQueue()
                                .getName()
                                .equals("relman-h2")) {
                    scheduledOnH2.put(
                            event.getEventId(),
                            event.getActivityTaskScheduledEventAttributes()
                                    .getActivityType()
                                    .getName());
                }
                if (event.hasActivityTaskStartedEventAttributes()
                        && scheduledOnH2.containsKey(
                                event.getActivityTaskStartedEventAttributes().getScheduledEventId())) {
                    startedBy.merge(
                            event.getActivityTaskStartedEventAttributes().getIdentity(), 1, Integer::sum);
                }
            }
            System.out.printf(
                    "E2E ssh own worker: v2 -> v1 with h2's activities on its own worker, under load %.1f s, %d"
                            + " requests, %d failed; %d activities on relman-h2 (%s), started by %s; SSH logins on h2:"
                            + " %d%n",
                    millis[0] / 1000.0,
                    load.requests(),
                    load.failures().size(),
                    scheduledOnH2.size(),
                    new java.util.TreeSet<>(scheduledOnH2.values()),
                    startedBy,
                    logins);

            assertThat(exitCode).isZero();
            assertThat(load.failures()).isEmpty();
            // The probes run from nginx's host, h1: they stay on the shared queue.
            assertThat(scheduledOnH2.values())
                    .contains("DockerCheckEngine", "DockerStopAndKeep", "DockerCreateReplica");
            assertThat(startedBy.keySet())
                    .as("every activity of h2 started by h2's own worker")
                    .allMatch(identity -> identity.startsWith(onH2.pid() + "@"));
            assertThat(logins).as("relman did not log in to h2 over SSH").isZero();
            assertThat(replicaVersions(secondHost, SPREAD)).isEqualTo(Map.of("shop-spread-app-2", "v1 running"));
        }
    }

    @Test
    @Order(10)
    void aWorkerKilledWhileItCreatesAReplicaOnTheSecondHostIsSucceededAndEachReplicaIsCreatedOnce() throws Exception {
        spreadStackOn("v1");
        worker.close(); // it would take the work of the worker this test kills
        WorkerProcess first = runtime.startWorker("ssh-before-kill");
        assertThat(runtime.relmanWithPlan(SPREAD_PLAN, "deploy", "--env", SPREAD, "--version", "v5", "--detach"))
                .isZero();
        String releaseId = "release-shop-" + SPREAD;
        String runId = runtime.client
                .newUntypedWorkflowStub(releaseId)
                .describe()
                .getExecution()
                .getRunId();
        DeployWorkflow run = runtime.client.newWorkflowStub(DeployWorkflow.class, releaseId, Optional.of(runId));
        String[] atKill = new String[1];
        Wait.until("the release creating shop-spread-app-2 on h2", Duration.ofMinutes(3), () -> {
            atKill[0] = run.progress().lastMessage();
            return atKill[0].contains("as shop-spread-app-2 (2/3) on h2")
                    || atKill[0].startsWith("probing shop-spread-app-2");
        });
        first.kill();
        System.out.println("E2E ssh kill: worker killed (SIGKILL) at: " + atKill[0]);
        worker = classWorker("ssh-after-kill", Map.of());

        ReleaseResult result = runtime.client
                .newUntypedWorkflowStub(releaseId, Optional.of(runId), Optional.empty())
                .getResult(5, TimeUnit.MINUTES, ReleaseResult.class);

        assertThat(result.replicas())
                .extracting(ReplacedReplica::container)
                .containsExactlyInAnyOrder("shop-spread-app-1", "shop-spread-app-2", "shop-spread-app-3");
        assertThat(replicaVersions(host, SPREAD))
                .isEqualTo(Map.of("shop-spread-app-1", "v5 running", "shop-spread-app-3", "v5 running"));
        assertThat(replicaVersions(secondHost, SPREAD)).isEqualTo(Map.of("shop-spread-app-2", "v5 running"));
        assertThat(containers(secondHost).keySet())
                .as("h2 holds replica 2 and its kept predecessor, nothing a retry left behind")
                .containsExactlyInAnyOrder("shop-spread-app-2", "shop-spread-app-2-previous");
        assertThat(containers(host).keySet().stream().filter(name -> name.contains("shop-spread")))
                .as("h1 holds the stack, replicas 1 and 3 and their kept predecessors, nothing more")
                .containsExactlyInAnyOrder(
                        "shop-spread-db",
                        "shop-spread-lb",
                        "relman-probe-shop-spread-lb",
                        "shop-spread-app-1",
                        "shop-spread-app-1-previous",
                        "shop-spread-app-3",
                        "shop-spread-app-3-previous");
        System.out.println("E2E ssh kill: the run completed on the new worker; each replica created once on its host");
    }

    @Test
    @Order(11)
    void aHostLostBetweenTwoOfItsReplicasIsNamedAndTheOtherHostIsRestored() throws Exception {
        spreadStackOn("v5");
        // Four replicas: app-1 and app-3 on h1, then app-2 and a new app-4 on h2. h2's sshd goes after app-2.
        Path four = E2eRuntime.planVariant(SPREAD_PLAN, "spread-four", "replicas: 3", "replicas: 4");
        String releaseId = "release-shop-" + SPREAD;
        Map<String, String> firstBefore = withoutKeptCopies(containers(host));
        assertThat(runtime.relmanWithPlan(four, "deploy", "--env", SPREAD, "--version", "v2", "--detach"))
                .isZero();
        DeployWorkflow run = runtime.client.newWorkflowStub(DeployWorkflow.class, releaseId);
        // The pause is asked while app-2 is being replaced; it holds before the next replica, app-4 on h2.
        Wait.until(
                "the release replacing shop-spread-app-2 on h2",
                Duration.ofMinutes(2),
                () -> run.progress().lastMessage().contains("shop-spread-app-2 (2/4) on h2"));
        run.pause("SshHostsIT");
        Wait.until(
                "the release held between app-2 and app-4 on h2",
                Duration.ofSeconds(60),
                () -> run.progress().lastMessage().startsWith("paused by"));
        String heldAt = run.progress().lastMessage();
        Map<String, String> secondAtLoss = replicaVersions(secondHost, SPREAD);
        E2eRuntime.run(TEST_HOSTS.toString(), "sshd-stop", "2");
        try {
            run.resume("SshHostsIT");
            ReleaseFailure failure = E2eRuntime.failureOf(runtime.client, releaseId);
            System.out.println("E2E ssh lost host: " + heldAt + "; h2's replicas then: " + secondAtLoss);
            System.out.println("E2E ssh lost host: " + failure.reason());
            failure.compensations()
                    .forEach(undo -> System.out.println(
                            "E2E ssh lost host: " + undo.outcome() + " " + undo.action() + ": " + undo.message()));

            assertThat(heldAt).contains("before shop-spread-app-4 (4/4) on h2");
            assertThat(secondAtLoss)
                    .as("h2 when its sshd went: app-2 already on v2")
                    .isEqualTo(Map.of("shop-spread-app-2", "v2 running"));
            assertThat(failure.reason()).contains("host h2 (deployer@127.0.0.1:2202) does not answer over SSH");
            assertThat(failure.compensations())
                    .filteredOn(undo -> undo.outcome() == Compensation.Outcome.FAILED)
                    .extracting(Compensation::message)
                    .isNotEmpty()
                    .allMatch(message -> message.startsWith("host h2 (deployer@127.0.0.1:2202) was lost"));
            assertThat(withoutKeptCopies(containers(host)))
                    .as("h1's containers, by name, image and state, after the undo")
                    .isEqualTo(firstBefore);
            assertThat(replicaVersions(secondHost, SPREAD))
                    .as("h2, read through its own socket: app-2 left as it was when the host was lost, no app-4")
                    .isEqualTo(secondAtLoss);
        } finally {
            E2eRuntime.run(TEST_HOSTS.toString(), "sshd-start", "2");
        }
    }

    @Test
    @Order(12)
    void aDatabaseOnAHostOfItsOwnIsMigratedDumpedAndDrilledThereAndItsBackupCopiedToAnotherHost() throws Exception {
        remoteStackOn("v2");
        // The remote stack's replicas and nginx stay on h1; its database moves to h2, published on h2's address.
        Path databaseOnH2 = E2eRuntime.planVariant(
                plan,
                "remote-db-on-h2",
                "        known_hosts: ../../.relman/hosts/known_hosts # strict: a host whose key is not here is refused\n",
                "        known_hosts: ../../.relman/hosts/known_hosts\n      h2:\n        ssh: deployer@127.0.0.1:2202\n"
                        + "        key: ../../.relman/hosts/id_ed25519\n"
                        + "        known_hosts: ../../.relman/hosts/known_hosts\n",
                "      container: shop-remote-db\n",
                "      container: shop-remote-db\n      host: h2\n      backup:\n        copy_to:\n          host: h1\n"
                        + "          dir: " + COPY_DIR + "\n",
                "      PGHOST: shop-remote-db",
                "      PGHOST: 10.213.2.1\n      PGPORT: \"15433\"");
        Map<String, String> second = Map.of("DOCKER_HOST", SECOND_HOST_SOCKET);
        E2eRuntime.run(second, stackScript(), "down", ENVIRONMENT);
        E2eRuntime.run(second, stackScript(), "up", ENVIRONMENT, "18281", "10.213.2.1:15433");
        // A table only h2's database has: a dump that holds it was taken there. (Retried: a new PostgreSQL
        // container restarts once after its initialisation, which pg_isready does not see.)
        Map<String, String> password = Map.of("PGPASSWORD", E2eRuntime.secrets().get("SHOP_DB_PASSWORD"));
        E2eRuntime.run(
                password,
                "bash",
                "-c",
                "for _ in $(seq 50); do docker -H " + SECOND_HOST_SOCKET + " exec -e PGPASSWORD shop-remote-db psql -qU"
                        + " shop -d shop -c 'CREATE TABLE only_on_h2 (id int); INSERT INTO only_on_h2 VALUES (1), (2)'"
                        + " && exit 0; sleep 0.2; done; exit 1");

        LoadLoop load = new LoadLoop(LB_PORT, "/version");
        long[] millis = new long[1];
        int exitCode = deployUnderLoad(load, databaseOnH2, ENVIRONMENT, "v5", millis);
        String migratedOnH2 = E2eRuntime.output(
                        password,
                        "docker",
                        "-H",
                        SECOND_HOST_SOCKET,
                        "exec",
                        "-e",
                        "PGPASSWORD",
                        "shop-remote-db",
                        "psql",
                        "-tAU",
                        "shop",
                        "-d",
                        "shop",
                        "-c",
                        "SELECT version_num FROM alembic_version")
                .strip();
        // The copy's directories on h1 are created by the backup below (an earlier run may have left them).
        TestHostSshd.remove(HOST_SOCKET, COPY_PARENT);
        StringBuilder backup = new StringBuilder();
        int backupExit = E2eRuntime.capturingOutput(
                backup, () -> runtime.relmanWithPlan(databaseOnH2, "backup", "now", "--env", ENVIRONMENT));
        StringBuilder drill = new StringBuilder();
        int drillExit = E2eRuntime.capturingOutput(
                drill, () -> runtime.relmanWithPlan(databaseOnH2, "backup", "drill", "--env", ENVIRONMENT));
        System.out.printf(
                "E2E ssh database host: v2 -> v5 with the replicas on h1 and the database on h2, under load %.1f s,"
                        + " %d requests, %d failed; h2's alembic_version %s; backup exit %d, drill exit %d%n",
                millis[0] / 1000.0, load.requests(), load.failures().size(), migratedOnH2, backupExit, drillExit);

        assertThat(exitCode).isZero();
        assertThat(load.failures()).isEmpty();
        assertThat(replicaVersions(host))
                .isEqualTo(Map.of(
                        "shop-remote-app-1", "v5 running",
                        "shop-remote-app-2", "v5 running",
                        "shop-remote-app-3", "v5 running"));
        assertThat(migratedOnH2).as("the migration ran against h2's database").isNotEmpty();
        assertThat(backupExit).isZero();
        assertThat(backup.toString()).as("the dump came from h2's database").contains("only_on_h2");
        assertThat(drillExit)
                .as("the drill restored it into a scratch database on h2")
                .isZero();

        // The copy on h1, read there by sha256sum in h1's sshd container: the same bytes as on the worker.
        String backupId = E2eRuntime.backupIdIn(backup);
        String dump = backupId + ".dump";
        String onWorker = E2eRuntime.output(
                        "sha256sum",
                        HOME.resolve(".relman/backups/remote/" + dump).toString())
                .split(" ")[0];
        String onH1 = E2eRuntime.output(
                        "docker", "-H", HOST_SOCKET, "exec", "relman-sshd", "sha256sum", COPY_DIR + "/" + dump)
                .split(" ")[0];
        String manifest = E2eRuntime.output(
                "docker", "-H", HOST_SOCKET, "exec", "relman-sshd", "ls", COPY_DIR + "/" + backupId + ".json");
        System.out.println("E2E ssh backup copy: " + dump + " sha256 on the worker " + onWorker + ", on h1 " + onH1);
        assertThat(backup.toString()).contains("Copied to h1:" + COPY_DIR + "/" + dump);
        assertThat(onH1).isEqualTo(onWorker);
        assertThat(manifest).contains(backupId + ".json");
        // Only deployer may read the copy, whatever sshd's umask (issue 26, finding 7): what relman created.
        List<String> modes = TestHostSshd.modes(
                HOST_SOCKET, COPY_PARENT, COPY_DIR, COPY_DIR + "/" + dump, COPY_DIR + "/" + backupId + ".json");
        assertThat(modes)
                .containsExactly(
                        COPY_PARENT + " 700",
                        COPY_DIR + " 700",
                        COPY_DIR + "/" + dump + " 600",
                        COPY_DIR + "/" + backupId + ".json 600");
    }

    @Test
    @Order(13)
    void aBackupDrillAndRestoreOfARemoteDatabaseOutlastTheIdleLimitOfTheHostsEngine() throws Exception {
        // Unused SSH engines close after SHORT_IDLE on this test's worker (10 min in production). Every call
        // below is silent or streams for longer than that, and must not lose its session under it. Last, so
        // that no later test waits for a standard worker again.
        remoteStackOn("v5");
        worker.close();
        worker = classWorker("ssh-short-idle", Map.of("RELMAN_DOCKER_REMOTEIDLE", SHORT_IDLE.toMillis() + "ms"));
        shortIdleWorker = true;
        E2eRuntime.run(
                Map.of(
                        "DOCKER_HOST",
                        HOST_SOCKET,
                        "PGPASSWORD",
                        E2eRuntime.secrets().get("SHOP_DB_PASSWORD")),
                "docker",
                "exec",
                "-e",
                "PGPASSWORD",
                "shop-remote-db",
                "psql",
                "-U",
                "shop",
                "-d",
                "shop",
                "-qc",
                "DROP TABLE IF EXISTS idle_ballast; CREATE TABLE idle_ballast AS SELECT g, md5(g::text) AS filler"
                        + " FROM generate_series(1, 1000000) g");
        StringBuilder backup = new StringBuilder();
        long[] millis = new long[3];
        int backupExit = timed(
                millis,
                0,
                () -> E2eRuntime.capturingOutput(
                        backup, () -> runtime.relmanWithPlan(plan, "backup", "now", "--env", ENVIRONMENT)));
        String backupId = E2eRuntime.backupIdIn(backup);
        StringBuilder drill = new StringBuilder();
        int drillExit = timed(
                millis,
                1,
                () -> E2eRuntime.capturingOutput(
                        drill, () -> runtime.relmanWithPlan(plan, "backup", "drill", "--env", ENVIRONMENT)));
        StringBuilder restore = new StringBuilder();
        int restoreExit = timed(
                millis,
                2,
                () -> E2eRuntime.capturingOutput(
                        restore,
                        () -> runtime.relmanWithPlan(
                                plan, "restore", "--env", ENVIRONMENT, "--backup", backupId, "--yes")));
        String rows = E2eRuntime.output(
                        Map.of("DOCKER_HOST", HOST_SOCKET),
                        "docker",
                        "exec",
                        "-e",
                        "PGPASSWORD=" + E2eRuntime.secrets().get("SHOP_DB_PASSWORD"),
                        "shop-remote-db",
                        "psql",
                        "-U",
                        "shop",
                        "-d",
                        "shop",
                        "-tAc",
                        "SELECT count(*) FROM idle_ballast")
                .strip();
        System.out.printf(
                "E2E ssh idle limit %d ms: backup now exit %d in %.1f s, drill exit %d in %.1f s, restore exit %d in"
                        + " %.1f s; rows after the restore %s%n",
                SHORT_IDLE.toMillis(),
                backupExit,
                millis[0] / 1000.0,
                drillExit,
                millis[1] / 1000.0,
                restoreExit,
                millis[2] / 1000.0,
                rows);
        assertThat(backupExit).as(backup.toString()).isZero();
        assertThat(drillExit).as(drill.toString()).isZero();
        assertThat(restoreExit).as(restore.toString()).isZero();
        assertThat(rows).isEqualTo("1000000");
        assertThat(java.util.Arrays.stream(millis).min().orElseThrow())
                .as("the shortest command outlasted the idle limit twice over")
                .isGreaterThan(2 * SHORT_IDLE.toMillis());
    }

    /** The idle limit of the worker of the test above: far below one dump or restore of its database. */
    private static final Duration SHORT_IDLE = Duration.ofMillis(500);

    /** Runs {@code command}, its wall time in {@code millis[slot]}; its exit code. */
    private static int timed(long[] millis, int slot, java.util.function.IntSupplier command) {
        long started = System.nanoTime();
        int exit = command.getAsInt();
        millis[slot] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        return exit;
    }

    /**
     * With {@code -Dssh.compare=true}: the same plan's v1 -> v2 on the worker's own engine (the ci
     * environment), under the same load, right after the SSH one: the cost of SSH as a ratio.
     */
    private static void compareWithTheLocalEngine(long sshMillis) throws Exception {
        E2eRuntime.run(stackScript(), "down", E2eRuntime.ENVIRONMENT);
        E2eRuntime.run(stackScript(), "up", E2eRuntime.ENVIRONMENT, Integer.toString(E2eRuntime.LB_PORT));
        assertThat(runtime.relmanWithPlan(plan, "deploy", "--env", E2eRuntime.ENVIRONMENT, "--version", "v1"))
                .isZero();
        LoadLoop load = new LoadLoop(E2eRuntime.LB_PORT, "/version");
        long[] localMillis = new long[1];
        assertThat(deployUnderLoad(load, plan, E2eRuntime.ENVIRONMENT, "v2", localMillis))
                .isZero();
        System.out.printf(
                "E2E ssh compare: v1 -> v2 under load, over SSH %.1f s, on the local engine %.1f s: ratio %.2f"
                        + " (%d requests locally, %d failed)%n",
                sshMillis / 1000.0,
                localMillis[0] / 1000.0,
                (double) sshMillis / localMillis[0],
                load.requests(),
                load.failures().size());
        E2eRuntime.run(stackScript(), "down", E2eRuntime.ENVIRONMENT);
    }

    /** {@code relman deploy} of {@code version} while {@code load} runs; its wall time in {@code millis[0]}. */
    private static int deployUnderLoad(LoadLoop load, Path plan, String environment, String version, long[] millis)
            throws Exception {
        return load.around(() -> {
            long started = System.nanoTime();
            int deployed = runtime.relmanWithPlan(plan, "deploy", "--env", environment, "--version", version);
            millis[0] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            return deployed;
        });
    }

    /** h1: the network, PostgreSQL (published on h1's address for h2) and nginx; h2: the network. */
    private static void freshSpreadStack() {
        Map<String, String> first = Map.of("DOCKER_HOST", HOST_SOCKET);
        Map<String, String> second = Map.of("DOCKER_HOST", SECOND_HOST_SOCKET);
        E2eRuntime.run(first, stackScript(), "down", SPREAD);
        E2eRuntime.run(second, stackScript(), "down", SPREAD);
        E2eRuntime.run(first, stackScript(), "up", SPREAD, Integer.toString(SPREAD_LB_PORT), "10.213.1.1:15432");
        E2eRuntime.run(second, "docker", "network", "create", "shop-" + SPREAD);
    }

    /** The kept old containers are relman's way back, replaced at each release: the stack is the rest. */
    private static Map<String, String> withoutKeptCopies(Map<String, String> containers) {
        Map<String, String> stack = new TreeMap<>(containers);
        stack.keySet().removeIf(name -> name.endsWith(ContainerNames.KEPT_SUFFIX));
        return stack;
    }

    /** Runs a release of v1 that must be refused; checks the host's containers are as they were. */
    private static String refusedRelease(Path plan) {
        Map<String, String> before = containers(host);
        StringBuilder output = new StringBuilder();
        int exitCode = E2eRuntime.capturingOutput(
                output, () -> runtime.relmanWithPlan(plan, "deploy", "--env", ENVIRONMENT, "--version", "v1"));
        System.out.println("E2E ssh refusal: exit " + exitCode);
        assertThat(exitCode).as("refused").isNotZero();
        assertThat(containers(host))
                .as("the host's containers, before and after")
                .isEqualTo(before);
        return output.toString();
    }

    /** Name to image and state of every container on the engine but sshd's (the tests stop it). */
    private static Map<String, String> containers(DockerClient docker) {
        Map<String, String> all = new TreeMap<>();
        for (Container container : docker.listContainersCmd().withShowAll(true).exec()) {
            String name = container.getNames()[0].substring(1);
            if (!name.equals("relman-sshd")) {
                all.put(name, container.getImageId() + " " + container.getState());
            }
        }
        return all;
    }

    /** Replica name to its version and state, for the remote environment's replicas on {@code docker}. */
    private static boolean hasImage(DockerClient docker, String tag) {
        try {
            docker.inspectImageCmd(tag).exec();
            return true;
        } catch (com.github.dockerjava.api.exception.NotFoundException absent) {
            return false;
        }
    }

    private static Map<String, String> replicaVersions(DockerClient docker) {
        return replicaVersions(docker, ENVIRONMENT);
    }

    private static Map<String, String> replicaVersions(DockerClient docker, String environment) {
        Map<String, String> replicas = new TreeMap<>();
        for (Container container : docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(ContainerNames.LABEL_ENVIRONMENT, environment))
                .exec()) {
            String name = container.getNames()[0].substring(1);
            if (!name.endsWith(ContainerNames.KEPT_SUFFIX)) {
                replicas.put(
                        name, container.getLabels().get(ContainerNames.LABEL_VERSION) + " " + container.getState());
            }
        }
        return replicas;
    }

    /** Whether GET {@code path} on 127.0.0.1:{@code port} answers 200 now. */
    private static boolean answers(int port, String path) {
        try {
            return java.net.http.HttpClient.newHttpClient()
                            .send(
                                    java.net.http.HttpRequest.newBuilder(
                                                    java.net.URI.create("http://127.0.0.1:" + port + path))
                                            .timeout(Duration.ofSeconds(2))
                                            .build(),
                                    java.net.http.HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String stackScript() {
        return HOME.resolve("examples/shop/stack.sh").toString();
    }
}
