package io.relman.cli.resident;

import static io.relman.cli.resident.ResidentHarness.PLAN;
import static io.relman.cli.resident.ResidentHarness.awaitSocket;
import static io.relman.cli.resident.ResidentHarness.call;
import static io.relman.cli.resident.ResidentHarness.jar;
import static io.relman.cli.resident.ResidentHarness.serve;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jdk.net.UnixDomainPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whom the resident CLI serves: its socket is in a directory only its user can enter (no moment where
 * another user reaches it), and a caller that runs as another user is not served.
 */
@Timeout(60)
class ResidentSocketTest {
    @TempDir
    Path dir;

    @Test
    void theSocketIsBoundInADirectoryOnlyItsUserCanEnter() throws Exception {
        Path ownSocket = dir.resolve("private/cli.sock");
        serve(ownSocket, jar(dir, "private"), () -> {});
        awaitSocket(ownSocket);

        assertThat(ownSocket).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ownSocket.getParent())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ownSocket)))
                .isEqualTo("rw-------");
        assertThat(call(ownSocket, Path.of("").toAbsolutePath(), Map.of(), "validate", "--plan", PLAN)
                        .exit())
                .isZero();
    }

    @Test
    void aSocketDirectoryOthersCanEnterRefusesTheStart() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = jar(dir, "open");

        CompletableFuture<Void> served = serve(open.resolve("cli.sock"), jar, () -> {});

        assertThatThrownBy(() -> served.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ResidentSocket.Refused.class)
                .hasMessageContaining(open + " is mode rwxr-xr-x, not rwx------")
                .hasMessageContaining("rm -r " + open);
        assertThat(open.resolve("cli.sock")).doesNotExist();
    }

    @Test
    void aSocketDirectoryOfAnotherUserRefusesTheStart() throws Exception {
        assumeTrue(ResidentSocket.processOwner().getName().equals("root"), "only root can give a directory away");
        Path theirs = Files.createDirectory(dir.resolve("theirs"));
        Files.setPosixFilePermissions(theirs, PosixFilePermissions.fromString("rwx------"));
        Files.setOwner(
                theirs, theirs.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        Path jar = jar(dir, "theirs");

        CompletableFuture<Void> served = serve(theirs.resolve("cli.sock"), jar, () -> {});

        assertThatThrownBy(() -> served.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ResidentSocket.Refused.class)
                .hasMessageContaining(theirs + " is owned by nobody, not root");
    }

    @Test
    void aCallerRunningAsAnotherUserIsNotServed() throws Exception {
        assumeTrue(ResidentSocket.processOwner().getName().equals("root"), "only root can call as another user");
        Path ownSocket = dir.resolve("peer/cli.sock");
        serve(ownSocket, jar(dir, "peer"), () -> {});
        awaitSocket(ownSocket);
        // Opened as the directory would never be, to reach the check behind it.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(ownSocket.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(ownSocket, PosixFilePermissions.fromString("rwxrwxrwx"));
        String script = Path.of("../bin/resident.py").toAbsolutePath().toString();
        Process nobody = new ProcessBuilder(
                        "/usr/bin/python3",
                        "-I",
                        "-S",
                        "-c",
                        "import os, sys\n"
                                + "source = open(sys.argv[1]).read()\n"
                                + "os.setgid(65534); os.setuid(65534)\n"
                                + "sys.argv = sys.argv[1:]\n"
                                + "exec(compile(source, sys.argv[0], 'exec'), {'__name__': '__main__'})\n",
                        script,
                        ownSocket.toString(),
                        "validate",
                        "--plan",
                        PLAN)
                .start();
        String out = new String(nobody.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(nobody.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(out).as("what ran for nobody").isEmpty();
        assertThat(nobody.exitValue()).isNotZero();
        assertThat(call(ownSocket, Path.of("").toAbsolutePath(), Map.of(), "validate", "--plan", PLAN)
                        .exit())
                .isZero();
    }

    @Test
    void onlyACallerOfItsOwnUserIsServed() throws Exception {
        Path file = Files.writeString(dir.resolve("owned"), "");
        PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class);
        UserPrincipal own = attributes.owner();
        UserPrincipal other = file.getFileSystem()
                .getUserPrincipalLookupService()
                .lookupPrincipalByName(own.getName().equals("root") ? "nobody" : "root");

        assertThat(ResidentSocket.refused(new UnixDomainPrincipal(own, attributes.group()), own))
                .isEmpty();
        assertThat(ResidentSocket.refused(new UnixDomainPrincipal(other, attributes.group()), own))
                .contains("a caller running as " + other.getName() + ", not " + own.getName() + ", was refused");
    }
}
