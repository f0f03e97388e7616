package io.relman.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.relman.docker.DockerClients;
import io.relman.docker.DockerEngines;
import io.relman.docker.ProbeSidecars;
import io.relman.release.ReleaseFailure;
import io.relman.secrets.SecretResolver;
import io.relman.ssh.SshSessions;
import io.relman.temporal.client.PayloadEncryption;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.ApplicationFailure;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real runtime the end-to-end tests run against, as scripts/test.sh starts it: the Temporal
 * dev server on 127.0.0.1:7233, the Docker engine, relman's database. The tests release the shop
 * sample's {@code ci} environment (nginx on 127.0.0.1:18080) on a task queue of their own, so a
 * demo worker running beside them never takes their work.
 */
final class E2eRuntime {
    static final Path HOME =
            Path.of(System.getProperty("relman.home", "..")).toAbsolutePath().normalize();
    static final Path PLAN = HOME.resolve("examples/shop/relman.yml");
    static final String ENVIRONMENT = "ci";
    static final int LB_PORT = 18080;
    static final String TEMPORAL = "127.0.0.1:7233";
    static final String WEB_UI = "http://127.0.0.1:8233";
    static final String NAMESPACE = "default";
    /** The worker port whose /codec the dev server's Web UI calls (scripts/lib.sh's WORKER_PORT). */
    static final int CODEC_PORT = 8086;

    static final Path TARGET = HOME.resolve("worker/target");

    final String taskQueue = "relman-e2e-" + UUID.randomUUID().toString().substring(0, 8);
    final WorkflowServiceStubs service;
    final WorkflowClient client;
    final DockerClient docker = DockerClients.fromEnvironment();

    /** Engines for activities a test runs in its own JVM: {@code docker}'s only (no SSH host is named). */
    static DockerEngines localEngines(DockerClient docker) {
        return new DockerEngines(
                docker, new SshSessions(new SecretResolver(name -> null, List.of())), ProbeSidecars.DEFAULT_IMAGE);
    }

    private final PayloadEncryption encryption = PayloadEncryption.readKeys(codecKeys());

    E2eRuntime() {
        service = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(TEMPORAL).build());
        try {
            service.blockingStub()
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .describeNamespace(DescribeNamespaceRequest.newBuilder()
                            .setNamespace(NAMESPACE)
                            .build());
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "the Temporal dev server does not answer at " + TEMPORAL
                            + ": run the tests with scripts/test.sh, which starts it",
                    e);
        }
        client = WorkflowClient.newInstance(
                service,
                WorkflowClientOptions.newBuilder()
                        .setNamespace(NAMESPACE)
                        .setDataConverter(encryption.around(DefaultDataConverter.newDefaultInstance()))
                        .build());
    }

    /** The history of {@code workflowId} as the server stores it: its payloads encrypted. */
    String storedHistory(String workflowId) {
        return client.fetchHistory(workflowId).getHistory().toString();
    }

    /**
     * The same as an SRE reads it in the Web UI, every payload decrypted; a payload's bytes print as text,
     * so a value that reached one shows.
     */
    String readableHistory(String workflowId) {
        return readable(client.fetchHistory(workflowId).getHistory());
    }

    private String readable(io.temporal.api.history.v1.History history) {
        return eachPayload(
                        history, payload -> encryption.decode(List.of(payload)).get(0))
                .toString();
    }

    /** The payloads of {@code workflowId}'s stored history that are not encrypted (their encodings). */
    List<String> plainPayloads(String workflowId) {
        return plainPayloads(client.fetchHistory(workflowId).getHistory());
    }

    private static List<String> plainPayloads(io.temporal.api.history.v1.History history) {
        List<String> plain = new ArrayList<>();
        eachPayload(history, payload -> {
            String encoding = payload.getMetadataOrDefault("encoding", com.google.protobuf.ByteString.EMPTY)
                    .toStringUtf8();
            if (!encoding.equals("binary/encrypted")) {
                plain.add(encoding + ": " + payload.getData().toStringUtf8());
            }
            return payload;
        });
        return plain;
    }

    /**
     * Every run on this runtime's task queue, exported: none may hold a value of the worker's secrets once
     * decrypted, nor a payload in clear as stored. What it found, for the test's output.
     */
    String assertNoSecretInAnyHistory() {
        List<String> values =
                secrets().values().stream().filter(value -> value.length() >= 6).toList();
        int runs = 0;
        for (var execution :
                client.listExecutions("TaskQueue = '" + taskQueue + "'").toList()) {
            var history = client.fetchHistory(
                            execution.getExecution().getWorkflowId(),
                            execution.getExecution().getRunId())
                    .getHistory();
            String run = execution.getExecution().getWorkflowId() + "/"
                    + execution.getExecution().getRunId();
            String text = readable(history);
            assertThat(values).as("secret values in %s", run).noneMatch(text::contains);
            assertThat(plainPayloads(history))
                    .as("payloads stored in clear in %s", run)
                    .isEmpty();
            runs++;
        }
        return runs + " runs of task queue " + taskQueue + " exported: no secret value in any (decrypted), every"
                + " payload stored encrypted";
    }

    /**
     * {@code message} with {@code change} applied to every Payload in it, however deep, but search attributes
     * and version markers.
     */
    private static Message eachPayload(Message message, java.util.function.UnaryOperator<Payload> change) {
        if (message instanceof Payload payload) {
            return change.apply(payload);
        }
        // The SDK writes its version markers (a change id, a number) with its own converter: no user data.
        if (message instanceof io.temporal.api.history.v1.MarkerRecordedEventAttributes marker
                && marker.getMarkerName().equals("Version")) {
            return message;
        }
        Message.Builder builder = message.toBuilder();
        message.getAllFields().forEach((field, value) -> {
            // Search attributes are payloads the server indexes: never encrypted, by design.
            if (field.getJavaType() != Descriptors.FieldDescriptor.JavaType.MESSAGE
                    || field.getMessageType().getFullName().equals("temporal.api.common.v1.SearchAttributes")) {
                return;
            }
            if (field.isRepeated()) { // map fields too: a list of entries
                builder.clearField(field);
                ((List<?>) value).forEach(item -> builder.addRepeatedField(field, eachPayload((Message) item, change)));
            } else {
                builder.setField(field, eachPayload((Message) value, change));
            }
        });
        return builder.build();
    }

    /** A fresh ci stack: network, PostgreSQL and nginx, with no replica and no data. */
    void freshStack() {
        run(HOME.resolve("examples/shop/stack.sh").toString(), "down", ENVIRONMENT);
        run(HOME.resolve("examples/shop/stack.sh").toString(), "up", ENVIRONMENT, Integer.toString(LB_PORT));
    }

    /** The relman CLI, in this JVM, against this runtime's task queue; returns its exit code. */
    int relman(String... args) {
        return relmanWithPlan(PLAN, args);
    }

    /** The same, with another plan than the sample's. */
    int relmanWithPlan(Path plan, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (List.of(
                        "deploy",
                        "migrate",
                        "rollback",
                        "validate",
                        "history",
                        "status",
                        "approve",
                        "pause",
                        "resume",
                        "promote",
                        "abort",
                        "backup",
                        "restore",
                        "maintenance")
                .contains(args[0])) {
            all.addAll(List.of("--plan", plan.toString()));
        }
        if (args[0].equals("validate")) { // needs no server
            return io.relman.cli.RelmanCli.run(all.toArray(String[]::new));
        }
        if (args[0].equals("hosts")) { // reaches the hosts, not Temporal
            all.addAll(List.of("--plan", plan.toString()));
            return io.relman.cli.RelmanCli.run(all.toArray(String[]::new));
        }
        all.addAll(List.of(
                "--task-queue",
                taskQueue,
                "--temporal",
                TEMPORAL,
                "--codec-keys",
                codecKeys().toString()));
        return io.relman.cli.RelmanCli.run(all.toArray(String[]::new));
    }

    /**
     * The sample plan with some lines replaced ({@code line, replacement, line, replacement...}), written
     * next to it (so that its relative paths hold) as {@code NAME.generated.yml}, which git ignores.
     */
    static Path planVariant(String name, String... linesAndReplacements) {
        return planVariant(PLAN, name, linesAndReplacements);
    }

    /** The same, of another plan than the sample's. */
    static Path planVariant(Path plan, String name, String... linesAndReplacements) {
        try {
            String text = Files.readString(plan);
            for (int i = 0; i < linesAndReplacements.length; i += 2) {
                if (!text.contains(linesAndReplacements[i])) {
                    throw new IllegalStateException(plan + " has no line '" + linesAndReplacements[i] + "'");
                }
                text = text.replace(linesAndReplacements[i], linesAndReplacements[i + 1]);
            }
            Path variant = plan.resolveSibling(name + ".generated.yml");
            Files.writeString(variant, text);
            return variant;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WorkerProcess startWorker(String name) {
        return WorkerProcess.start(this, name);
    }

    WorkerProcess startWorker(String name, Map<String, String> secrets) {
        return WorkerProcess.start(this, name, secrets);
    }

    /**
     * A worker whose codec endpoint the Web UI calls: on the port the dev server was started with, unless a
     * worker of this checkout (the demo's) already answers there with the same keys.
     */
    WorkerProcess startCodecWorker(String name) {
        try (java.net.Socket taken = new java.net.Socket("127.0.0.1", CODEC_PORT)) {
            return WorkerProcess.start(this, name, Map.of(), 0);
        } catch (IOException free) {
            return WorkerProcess.start(this, name, Map.of(), CODEC_PORT);
        }
    }

    /** The worker's secrets, as scripts/lib.sh wrote them for the runtime. */
    static Map<String, String> secrets() {
        return variables(".relman/secrets.env");
    }

    /** The worker's allow-lists (secrets, paths), as scripts/lib.sh wrote them for the runtime. */
    static Map<String, String> workerSettings() {
        return variables(".relman/worker.env");
    }

    /** The payload keys the runtime's workers encrypt with (scripts/lib.sh generated them). */
    static Path codecKeys() {
        return Path.of(workerSettings().get("RELMAN_CODEC_KEYS_FILE"));
    }

    private static Map<String, String> variables(String file) {
        try {
            return Files.readAllLines(HOME.resolve(file)).stream()
                    .filter(line -> line.contains("="))
                    .map(line -> line.split("=", 2))
                    .collect(java.util.stream.Collectors.toMap(kv -> kv[0], kv -> kv[1]));
        } catch (IOException e) {
            throw new IllegalStateException(file + " is missing: run the tests with scripts/test.sh", e);
        }
    }

    /** A connection to relman's release database, with the password the set-up generated. */
    static java.sql.Connection relmanDatabase() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:55432/relman", "relman", secrets().get("RELMAN_DB_PASSWORD"));
    }

    /** The id {@code relman backup now} printed ("Backed up shop as ID: ..."); fails when it printed none. */
    static String backupIdIn(CharSequence printed) {
        java.util.regex.Matcher id =
                java.util.regex.Pattern.compile("Backed up shop as (\\S+):").matcher(printed);
        org.assertj.core.api.Assertions.assertThat(id.find())
                .as("backup now names its backup: %s", printed)
                .isTrue();
        return id.group(1);
    }

    /** Runs {@code command} with what it prints (System.out and System.err) copied into {@code into}. */
    static int capturingOutput(StringBuilder into, java.util.function.IntSupplier command) {
        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream copy = new java.io.ByteArrayOutputStream();
        System.setOut(tee(out, copy));
        System.setErr(tee(err, copy));
        try {
            return command.getAsInt();
        } finally {
            System.setOut(out);
            System.setErr(err);
            into.append(copy.toString(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static java.io.PrintStream tee(java.io.PrintStream original, java.io.ByteArrayOutputStream copy) {
        return new java.io.PrintStream(
                new java.io.OutputStream() {
                    @Override
                    public void write(int b) {
                        original.write(b);
                        synchronized (copy) {
                            copy.write(b);
                        }
                    }
                },
                true);
    }

    /** The report of a deploy run that failed, from its failure details. */
    static ReleaseFailure failureOf(WorkflowClient client, String workflowId) {
        try {
            client.newUntypedWorkflowStub(workflowId).getResult(3, TimeUnit.MINUTES, Void.class);
        } catch (WorkflowFailedException failed) {
            return ((ApplicationFailure) failed.getCause()).getDetails().get(ReleaseFailure.class);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(workflowId + " is still running", e);
        }
        throw new AssertionError(workflowId + " succeeded; it should have failed");
    }

    /** docker-compose (Debian's v1) on project {@code project} of {@code file}, with {@code env}; it must succeed. */
    static void compose(Map<String, String> env, String project, Path file, String... arguments) {
        List<String> command =
                new ArrayList<>(List.of("/usr/bin/docker-compose", "-p", project, "-f", file.toString()));
        command.addAll(List.of(arguments));
        run(env, command.toArray(String[]::new));
    }

    /** Runs a command in the checkout and returns what it printed; it must succeed. */
    static String output(String... command) {
        return output(Map.of(), command);
    }

    /**
     * The same, with {@code env} added to the command's environment. What it prints goes to a file, read once it
     * ended, so that a process it leaves running cannot hold the test; its stdin is empty. One still running
     * after {@link #COMMAND_LIMIT} is killed with what it started, and the failure shows what it printed.
     */
    static String output(Map<String, String> env, String... command) {
        try {
            Path printedTo = Files.createTempFile("relman-e2e-command", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(HOME.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(printedTo.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                builder.environment().putAll(env);
                Process process = builder.start();
                boolean ended = process.waitFor(COMMAND_LIMIT.toMinutes(), TimeUnit.MINUTES);
                if (!ended) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
                String printed = Files.readString(printedTo);
                assertThat(ended)
                        .as("%s ended within %s; it printed: %s", List.of(command), COMMAND_LIMIT, printed)
                        .isTrue();
                assertThat(process.exitValue())
                        .as("exit code of %s; it printed: %s", List.of(command), printed)
                        .isZero();
                return printed;
            } finally {
                Files.deleteIfExists(printedTo);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** How long a command of a test may run: building an image on a new machine takes minutes. */
    private static final java.time.Duration COMMAND_LIMIT = java.time.Duration.ofMinutes(10);

    /**
     * Stops the dev server as scripts/stop.sh does and starts it again on its SQLite file with its flags, as
     * scripts/lib.sh does; how long that took, in ms.
     */
    static long restartTheDevServer() throws IOException {
        Path pidFile = HOME.resolve(".relman/temporal.pid");
        assertThat(pidFile).as("the dev server this checkout's scripts started").exists();
        String before = Files.readString(pidFile).strip();
        long stoppedAt = System.nanoTime();
        run("bash", "-c", "source scripts/lib.sh && stop_pid temporal && start_temporal");
        assertThat(Files.readString(pidFile).strip()).as("a new server process").isNotEqualTo(before);
        return (System.nanoTime() - stoppedAt) / 1_000_000;
    }

    /** relman has never released {@code project}'s {@code environment}: no record of an earlier test run's releases. */
    static void forgetReleasesOf(String project, String environment) throws java.sql.SQLException {
        try (java.sql.Connection db = relmanDatabase()) {
            for (String table : List.of("releases", "backup_drills")) {
                // A worker that never started on this database has not made its tables yet: nothing to forget.
                try (java.sql.ResultSet made =
                        db.createStatement().executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
                    if (made.next() && !made.getBoolean(1)) {
                        continue;
                    }
                }
                try (java.sql.PreparedStatement delete =
                        db.prepareStatement("DELETE FROM " + table + " WHERE project = ? AND environment = ?")) {
                    delete.setString(1, project);
                    delete.setString(2, environment);
                    delete.executeUpdate();
                }
            }
        }
    }

    static void run(String... command) {
        run(Map.of(), command);
    }

    /**
     * The same, with {@code env} added to the command's environment. What it printed comes after it ended, and in
     * the failure's message: a CI report that shows only the failures still says why a script stopped.
     */
    static void run(Map<String, String> env, String... command) {
        System.out.print(output(env, command));
    }
}
