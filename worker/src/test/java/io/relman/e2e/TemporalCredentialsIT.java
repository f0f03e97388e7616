package io.relman.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.cli.RelmanCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * relman on a Temporal that asks for credentials. The dev server has no TLS and no API keys, so real nginx
 * stands in front of it as a cluster's frontend would: on 127.0.0.1:17233 it asks for a client certificate
 * signed by the test CA, on 127.0.0.1:17234 for {@code Authorization: Bearer KEY}, and passes gRPC on to the
 * dev server. The CLI and a real worker (through the proxy too) run a history request end to end; wrong or
 * missing credentials get the sentence and exit 3.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TemporalCredentialsIT {
    private static final String PROXY = "relman-temporal-tls-proxy";
    private static final String MTLS = "127.0.0.1:17233";
    private static final String API_KEY_PORT = "127.0.0.1:17234";
    private static final String API_KEY = "relman-test-key-4f9a";
    private static final Path TLS = E2eRuntime.TARGET.resolve("temporal-tls");

    private static E2eRuntime runtime;

    @BeforeAll
    static void startTheProxy() throws IOException {
        runtime = new E2eRuntime();
        E2eRuntime.run("rm", "-rf", TLS.toString());
        Files.createDirectories(TLS);
        // A CA, the frontend's certificate for 127.0.0.1, relman's client certificate; keys in PKCS#8.
        E2eRuntime.run(
                "bash",
                "-c",
                String.join(
                        " && ",
                        "cd " + TLS,
                        "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=relman-test-ca"
                                + " 2>/dev/null",
                        "openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=127.0.0.1"
                                + " 2>/dev/null",
                        "printf 'subjectAltName=IP:127.0.0.1' > san.ext",
                        "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem"
                                + " -days 2 -extfile san.ext 2>/dev/null",
                        "openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj /CN=relman"
                                + " 2>/dev/null",
                        "openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem"
                                + " -days 2 2>/dev/null",
                        "openssl req -x509 -newkey rsa:2048 -nodes -keyout stranger.key -out stranger.pem -days 2"
                                + " -subj /CN=stranger 2>/dev/null",
                        "chmod 644 *"));
        Files.writeString(
                TLS.resolve("nginx.conf"),
                String.join(
                        "\n",
                        "events {}",
                        "http {",
                        "  server {",
                        "    listen " + MTLS + " ssl http2;",
                        "    ssl_certificate /tls/server.pem;",
                        "    ssl_certificate_key /tls/server.key;",
                        "    ssl_client_certificate /tls/ca.pem;",
                        "    ssl_verify_client optional;",
                        "    location / {",
                        "      if ($ssl_client_verify != SUCCESS) { return 403; }",
                        "      grpc_pass grpc://127.0.0.1:7233;",
                        "    }",
                        "  }",
                        "  server {",
                        "    listen " + API_KEY_PORT + " ssl http2;",
                        "    ssl_certificate /tls/server.pem;",
                        "    ssl_certificate_key /tls/server.key;",
                        "    location / {",
                        "      if ($http_authorization != \"Bearer " + API_KEY + "\") { return 401; }",
                        "      grpc_pass grpc://127.0.0.1:7233;",
                        "    }",
                        "  }",
                        "}",
                        ""));
        E2eRuntime.run("bash", "-c", "docker rm -f " + PROXY + " >/dev/null 2>&1; true");
        E2eRuntime.run(
                "docker",
                "run",
                "-d",
                "--name",
                PROXY,
                "--network",
                "host",
                "-v",
                TLS + ":/tls:ro",
                "relman/nginx:bookworm",
                "nginx",
                "-c",
                "/tls/nginx.conf",
                "-g",
                "daemon off;");
        E2eRuntime.run(
                "bash",
                "-c",
                "for i in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/17234) 2>/dev/null && exit 0; sleep 0.2; done;"
                        + " docker logs " + PROXY + "; exit 1");
    }

    @AfterAll
    static void stopTheProxy() {
        E2eRuntime.run("bash", "-c", "docker rm -f " + PROXY + " >/dev/null 2>&1; true");
    }

    private static String file(String name) {
        return TLS.resolve(name).toString();
    }

    /** {@code relman history --env ci} through {@code address}, with {@code credentials} added; exit code and output. */
    private static Map.Entry<Integer, String> history(String address, String... credentials) {
        List<String> args = new ArrayList<>(List.of(
                "history",
                "--env",
                E2eRuntime.ENVIRONMENT,
                "--plan",
                E2eRuntime.PLAN.toString(),
                "--temporal",
                address,
                "--task-queue",
                runtime.taskQueue,
                "--codec-keys",
                E2eRuntime.codecKeys().toString()));
        args.addAll(List.of(credentials));
        StringBuilder printed = new StringBuilder();
        int exit = E2eRuntime.capturingOutput(printed, () -> RelmanCli.run(args.toArray(String[]::new)));
        System.out.println("E2E credentials " + address + " "
                + String.join(" ", credentials).replace(API_KEY, "KEY") + ": exit " + exit + "; "
                + printed.toString().strip().lines().findFirst().orElse(""));
        return Map.entry(exit, printed.toString());
    }

    @Test
    void theCliAndAWorkerWorkThroughMutualTlsAndAWrongOrMissingCertificateIsRefused() throws Exception {
        Map<String, String> workerEnvironment = Map.of(
                "RELMAN_TEMPORAL_ADDRESS", MTLS,
                "RELMAN_TLS_CERT", file("client.pem"),
                "RELMAN_TLS_KEY", file("client.key"),
                "RELMAN_TLS_CA", file("ca.pem"));
        try (WorkerProcess worker = runtime.startWorker("credentials-mtls", workerEnvironment)) {
            var answered = history(
                    MTLS,
                    "--tls-cert",
                    file("client.pem"),
                    "--tls-key",
                    file("client.key"),
                    "--tls-ca",
                    file("ca.pem"));
            assertThat(answered.getKey()).as(answered.getValue()).isZero();
            assertThat(Files.readString(worker.log)).doesNotContain("UNAVAILABLE");
        }

        var noCertificate = history(MTLS, "--tls-ca", file("ca.pem"));
        assertThat(noCertificate.getKey()).isEqualTo(3);
        assertThat(noCertificate.getValue())
                .contains("Temporal refused relman's credentials while connecting to " + MTLS)
                .doesNotContain("\tat ");
        var stranger = history(
                MTLS,
                "--tls-cert",
                file("stranger.pem"),
                "--tls-key",
                file("stranger.key"),
                "--tls-ca",
                file("ca.pem"));
        assertThat(stranger.getKey()).isEqualTo(3);
        assertThat(stranger.getValue()).contains("Temporal refused relman's credentials");
        var certificateWithoutKey = history(MTLS, "--tls-cert", file("client.pem"));
        assertThat(certificateWithoutKey.getKey()).isEqualTo(2);
        assertThat(certificateWithoutKey.getValue()).contains("a client certificate needs its key");
    }

    @Test
    void anApiKeyIsSentAsABearerTokenOverTlsAndAWrongOneIsRefused() throws InterruptedException {
        var wrong = history(API_KEY_PORT, "--tls-ca", file("ca.pem"), "--api-key", "not-the-key");
        assertThat(wrong.getKey()).isEqualTo(3);
        assertThat(wrong.getValue()).contains("Temporal refused relman's credentials");

        try (WorkerProcess worker = runtime.startWorker(
                "credentials-api-key",
                Map.of(
                        "RELMAN_TEMPORAL_ADDRESS", API_KEY_PORT,
                        "RELMAN_TLS_CA", file("ca.pem"),
                        "RELMAN_API_KEY", API_KEY))) {
            var answered = history(API_KEY_PORT, "--tls-ca", file("ca.pem"), "--api-key", API_KEY);
            assertThat(answered.getKey()).as(answered.getValue()).isZero();
        }
    }
}
