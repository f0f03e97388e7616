package io.relman.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.relman.access.AllowedPaths;
import io.relman.plan.Host;
import io.relman.secrets.SecretResolver;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The worker opens no key file outside relman.paths.allowed, a bastion's included, whoever asks it to. */
@Timeout(10)
class SshKeyConfinementTest {
    @TempDir
    Path dir;

    @Test
    void aBastionsKeyOutsideTheAllowedPathsIsNotOpened() {
        String knownHosts = dir.resolve("known_hosts").toString();
        Host bastion = new Host(
                "h1", "deployer@127.0.0.1:1", "/root/.ssh/id_ed25519", null, null, knownHosts, null, null, null);
        Host behind = new Host(
                "h2",
                "deployer@10.213.32.22",
                dir.resolve("id").toString(),
                null,
                null,
                knownHosts,
                null,
                bastion,
                null);
        SshSessions sessions =
                new SshSessions(new SecretResolver(name -> null, List.of()), AllowedPaths.of(List.of(dir.toString())));

        ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class, () -> sessions.connect(behind));

        assertThat(failure.getType()).isEqualTo("PathRefused");
        assertThat(failure.isNonRetryable()).isTrue();
        assertThat(failure.getOriginalMessage())
                .startsWith("host h2 is reached through h1: hosts/h1/key /root/.ssh/id_ed25519 is outside");
    }
}
