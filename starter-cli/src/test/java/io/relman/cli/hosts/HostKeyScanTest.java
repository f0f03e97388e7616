package io.relman.cli.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import com.jcraft.jsch.JSchException;
import io.relman.cli.hosts.HostKeyScan.ScannedKey;
import io.relman.plan.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What relman hosts trust says of a key a host presents, from the plan's known_hosts. */
@Timeout(10)
class HostKeyScanTest {
    private static final byte[] KEY =
            Base64.getDecoder().decode("AAAAC3NzaC1lZDI1NTE5AAAAIEjIBge+Ld9uFSbqIHduEsfJ5E/J5L+wMHNpFoOne5uY");

    @TempDir
    Path dir;

    @Test
    void aRevokedKeyIsNeitherTrustedNorPrintedToBeAdded() throws IOException, JSchException {
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(
                knownHosts,
                "[127.0.0.1]:2201 ssh-ed25519 " + Base64.getEncoder().encodeToString(KEY) + "\n"
                        + "@revoked * ssh-ed25519 " + Base64.getEncoder().encodeToString(KEY) + "\n");
        Host host =
                new Host("h1", "deployer@127.0.0.1:2201", "/k", null, null, knownHosts.toString(), null, null, null);

        ScannedKey key = HostKeyScan.judged(HostKeyScan.knownHosts(host), host, KEY);

        assertThat(key.verdict())
                .isEqualTo("REVOKED: marked @revoked in " + knownHosts
                        + " line 2; not printed: the host must present another key");
        assertThat(key.trustable()).isFalse();
    }

    @Test
    void aKeyOnAPlainLineIsTrusted() throws IOException, JSchException {
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(
                knownHosts,
                "[127.0.0.1]:2201 ssh-ed25519 " + Base64.getEncoder().encodeToString(KEY) + "\n");
        Host host =
                new Host("h1", "deployer@127.0.0.1:2201", "/k", null, null, knownHosts.toString(), null, null, null);

        ScannedKey key = HostKeyScan.judged(HostKeyScan.knownHosts(host), host, KEY);

        assertThat(key.verdict()).isEqualTo("trusted: in " + knownHosts);
        assertThat(key.trustable()).isTrue();
        assertThat(key.knownHostsLine(host)).startsWith("[127.0.0.1]:2201 ssh-ed25519 ");
    }
}
