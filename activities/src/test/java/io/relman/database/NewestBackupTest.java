package io.relman.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.relman.access.AllowedPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Finding the newest backup reads only the backup directory: no engine, no database. */
@Timeout(10)
class NewestBackupTest {
    @TempDir
    Path dir;

    // Where plans may keep backups is AllowedPathsTest's concern; here, anywhere.
    private final BackupActivitiesImpl backups =
            new BackupActivitiesImpl(null, null, null, AllowedPaths.of(List.of("/")), "relman-machine-test");

    @Test
    void theNewestFinishedBackupOfTheEnvironmentIsFoundWithTheTimeItWasFinished() throws IOException {
        write("shop-demo-20261120-020000-before-v1", true);
        write("shop-demo-20261122-020000-before-v2", true);
        write("shop-demo-20261123-020000-before-v3", false); // dump never finished: no manifest
        write("shop-demo-eu-20261124-020000-before-v3", true); // another environment whose name extends demo
        FileTime finished = FileTime.fromMillis(1_795_000_000_000L);
        Files.setLastModifiedTime(dir.resolve("shop-demo-20261122-020000-before-v2.json"), finished);

        StoredBackup newest = backups.newest(new BackupQuery(dir.toString(), "shop-demo-"));

        assertThat(newest.backup().id()).isEqualTo("shop-demo-20261122-020000-before-v2");
        assertThat(newest.finishedAtMillis()).isEqualTo(finished.toMillis());
        assertThat(newest.damagedNewer()).isEmpty();
    }

    @Test
    void aNewerBackupWhoseDataChangedOrWentMissingIsPassedOverAndNamed() throws IOException {
        write("shop-demo-20261120-020000-before-v1", true);
        write("shop-demo-20261122-020000-before-v2", true);
        write("shop-demo-20261123-020000-before-v3", true);
        Files.writeString(dir.resolve("shop-demo-20261123-020000-before-v3.dump"), "dumq");
        Files.delete(dir.resolve("shop-demo-20261122-020000-before-v2.dump"));

        StoredBackup newest = backups.newest(new BackupQuery(dir.toString(), "shop-demo-"));

        assertThat(newest.backup().id()).isEqualTo("shop-demo-20261120-020000-before-v1");
        assertThat(newest.damagedNewer())
                .satisfiesExactly(
                        v3 -> assertThat(v3)
                                .startsWith("shop-demo-20261123-020000-before-v3: ")
                                .contains("has sha256"),
                        v2 -> assertThat(v2)
                                .startsWith("shop-demo-20261122-020000-before-v2: ")
                                .endsWith("is missing"));
    }

    @Test
    void noDirectoryOrNoBackupMeansNone() throws IOException {
        assertThat(backups.newest(new BackupQuery(dir.resolve("absent").toString(), "shop-demo-")))
                .isNull();
        write("shop-ci-20261122-020000-before-v2", true);
        assertThat(backups.newest(new BackupQuery(dir.toString(), "shop-demo-")))
                .isNull();
    }

    private void write(String id, boolean finished) throws IOException {
        Path data = dir.resolve(id + ".dump");
        Files.writeString(data, "dump");
        if (finished) {
            new ObjectMapper()
                    .writeValue(
                            dir.resolve(id + ".json").toFile(),
                            new BackupFile(
                                    id,
                                    data.toString(),
                                    4,
                                    Sha256.of(data),
                                    1,
                                    new DatabaseFingerprint("schema", Map.of("items", 1L)),
                                    "shop",
                                    "dev",
                                    null,
                                    0));
        }
    }
}
