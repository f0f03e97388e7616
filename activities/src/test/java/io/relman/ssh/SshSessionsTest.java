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

/**
 * Connections that fail before any login, against a loopback port nothing listens on; keys protected by a
 * passphrase, opened or refused before any connection.
 */
class SshSessionsTest {
    @TempDir
    Path dir;

    @Test
    void aBastionThatDoesNotAnswerFailsTheHostBehindItNamingBoth() throws Exception {
        Path key = dir.resolve("id_rsa");
        KeyPair.genKeyPair(new JSch(), KeyPair.RSA, 2048).writePrivateKey(key.toString());
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "");
        Host bastion = sshHost("h1", "deployer@127.0.0.1:" + closedPort(), key, knownHosts);
        Host behind = sshHost("h2", "deployer@10.213.32.22", key, knownHosts).through(bastion);
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

    @Test
    void aKeyProtectedByAPassphraseIsOpenedWithTheVariableThePlanNamesOrRefusedByName() throws Exception {
        Path key = dir.resolve("id_rsa_protected");
        KeyPair.genKeyPair(new JSch(), KeyPair.RSA, 2048).writePrivateKey(key.toString(), "open sesame".getBytes());
        SshSessions sessions = new SshSessions(new SecretResolver(
                java.util.Map.of("RIGHT", "open sesame", "WRONG", "open barley")::get, List.of("RIGHT", "WRONG")));

        ApplicationFailure none = catchThrowableOfType(
                ApplicationFailure.class, () -> sessions.addKey(new JSch(), protectedBy(key, null)));
        ApplicationFailure wrong = catchThrowableOfType(
                ApplicationFailure.class, () -> sessions.addKey(new JSch(), protectedBy(key, "WRONG")));
        JSch opened = new JSch();
        sessions.addKey(opened, protectedBy(key, "RIGHT"));

        assertThat(none.getOriginalMessage())
                .isEqualTo("the SSH key " + key + " of host h1 (deployer@10.0.0.5) is protected by a passphrase: name"
                        + " the worker variable that holds it with passphrase_env: in the plan. Nothing was changed.");
        assertThat(wrong.getOriginalMessage())
                .isEqualTo("the passphrase in WRONG does not open the SSH key " + key
                        + " of host h1 (deployer@10.0.0.5): check the variable on the worker. Nothing was changed.");
        assertThat(List.of(none, wrong))
                .allSatisfy(failure -> assertThat(failure.isNonRetryable()).isTrue());
        assertThat(opened.getIdentityNames()).containsExactly(key.toString());
    }

    private static Host sshHost(String name, String ssh, Path key, Path knownHosts) {
        return new Host(name, ssh, key.toString(), null, null, knownHosts.toString(), null, null, null);
    }

    private static Host protectedBy(Path key, String passphraseEnv) {
        return new Host("h1", "deployer@10.0.0.5", key.toString(), null, passphraseEnv, "/k", null, null, null);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
