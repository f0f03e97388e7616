package io.relman.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import io.relman.plan.Host;
import io.relman.secrets.SecretResolver;
import io.relman.temporal.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connections that fail before any login, against a loopback port nothing listens on. */
class SshSessionsTest {
    @TempDir
    Path dir;

    @Test
    void aBastionThatDoesNotAnswerFailsTheHostBehindItNamingBoth() throws Exception {
        Path key = dir.resolve("id_rsa");
        KeyPair.genKeyPair(new JSch(), KeyPair.RSA, 2048).writePrivateKey(key.toString());
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "");
        Host bastion = new Host(
                "h1",
                "deployer@127.0.0.1:" + closedPort(),
                key.toString(),
                null,
                knownHosts.toString(),
                null,
                null,
                null);
        Host behind = new Host(
                        "h2", "deployer@10.213.32.22", key.toString(), null, knownHosts.toString(), null, null, null)
                .through(bastion);
        SshSessions sessions = new SshSessions(new SecretResolver(name -> null, List.of()));

        ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class, () -> sessions.connect(behind));

        assertThat(failure.getType()).isEqualTo(FailureType.HOST_UNREACHABLE.typeName());
        assertThat(failure.isNonRetryable()).as("the bastion may come back").isFalse();
        assertThat(failure.getOriginalMessage())
                .startsWith("host h2 is reached through h1: host h1 (deployer@127.0.0.1:")
                .contains("does not answer over SSH");
        assertThat(failure.getDetails().get(String.class))
                .as("the host the release loses is the one behind the bastion")
                .isEqualTo("h2");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
