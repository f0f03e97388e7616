package io.relman.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** A backup named by relman's records is restored only from the plan's backup_dir. */
class BackupConfinementTest {
    private final BackupDirectory directory =
            new BackupDirectory("/var/lib/relman/backups/demo", "relman-machine-test");

    private static BackupFile at(String path) {
        return new BackupFile(
                "shop-demo-20261126-030000-backup-1a2b3c4d",
                path,
                1,
                "ab",
                1,
                new DatabaseFingerprint("s", Map.of()),
                "shop",
                "dev",
                null,
                0);
    }

    @Test
    void aBackupInTheDirectoryIsItsOwn() {
        assertThatCode(() -> directory.requireInside(at("/var/lib/relman/backups/demo/x.dump")))
                .doesNotThrowAnyException();
    }

    @Test
    void aPathElsewhereOrOneThatClimbsOutIsRefusedWithoutRetry() {
        for (String path : new String[] {"/etc/shadow", "/var/lib/relman/backups/demo/../ci/x.dump", "x.dump"}) {
            assertThatThrownBy(() -> directory.requireInside(at(path)))
                    .isInstanceOfSatisfying(
                            ApplicationFailure.class,
                            f -> assertThat(f.isNonRetryable()).isTrue())
                    .hasMessageContaining("which is not in the plan's backup_dir /var/lib/relman/backups/demo");
        }
    }

    @Test
    void aBackupIdThatClimbsOutOfTheDirectoryIsRefusedForEveryFileItNames() {
        String id = BackupIds.own("../../../srv/x", "demo", java.time.Instant.EPOCH, "run-1a2b3c4d");
        for (ThrowingCallable call : new ThrowingCallable[] {
            () -> directory.names().dataFile(id),
            () -> directory.names().dataDirectory(id),
            () -> directory.manifest(id)
        }) {
            assertThatThrownBy(call)
                    .isInstanceOfSatisfying(
                            ApplicationFailure.class,
                            f -> assertThat(f.isNonRetryable()).isTrue())
                    .hasMessageContaining("would not be a file of the plan's backup_dir /var/lib/relman/backups/demo");
        }
    }

    @Test
    void aBackupWhoseDataIsTheDirectoryItselfIsNotDeleted() {
        assertThatThrownBy(() -> directory.delete(at("/var/lib/relman/backups/demo")))
                .isInstanceOf(ApplicationFailure.class);
    }

    @Test
    void theBackupBeforeAReleaseOfALongVersionIsAFileOfTheDirectory() {
        // The CLI takes versions of up to 128 characters; the backup id before the release holds one.
        String id = BackupIds.before("shop", "production", java.time.Instant.EPOCH, "v" + "1".repeat(127));
        assertThat(directory.names().dataFile(id).getParent()).hasToString("/var/lib/relman/backups/demo");
        assertThat(directory.names().dataDirectory(id).getParent()).hasToString("/var/lib/relman/backups/demo");
    }
}
